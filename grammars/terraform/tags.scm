; Terraform (.tf, .tfvars; the terraform dialect of @tree-sitter-grammars/tree-sitter-hcl).
; Definitions: `resource "type" "name"` (kind `resource`) and `data "type" "name"` (kind
; `data`), both named by their name label; `module`, `variable` and `output` blocks named by
; their label; the attributes of `locals` blocks (kind `local`). Provider, terraform and nested
; blocks are not tagged.
; References, named by the identifier that picks the object: `var.x` (variable), `local.x`
; (local), `module.x.output` (module), `data.type.x.attr` (data), `type.x.attr` for a resource
; type (a root with an underscore, e.g. `aws_instance.web.id`; resource); function calls; and
; the top-level assignments of a .tfvars file, which set variables.
; inherits: _hcl_common

; ---------------------------------------------------------------- definitions

(block
  (identifier) @_type
  .
  (string_lit)
  .
  (string_lit
    (template_literal) @name)
  .
  (block_start)
  (#eq? @_type "resource")) @definition.resource

(block
  (identifier) @_type
  .
  (string_lit)
  .
  (string_lit
    (template_literal) @name)
  .
  (block_start)
  (#eq? @_type "data")) @definition.data

(block
  (identifier) @_type
  .
  (string_lit
    (template_literal) @name)
  .
  (block_start)
  (#eq? @_type "module")) @definition.module

(block
  (identifier) @_type
  .
  (string_lit
    (template_literal) @name)
  .
  (block_start)
  (#eq? @_type "output")) @definition.output

; ---------------------------------------------------------------- references

(_
  (variable_expr
    (identifier) @_root)
  .
  (get_attr
    (identifier) @name)
  (#eq? @_root "module")) @reference.module

(_
  (variable_expr
    (identifier) @_root)
  .
  (get_attr)
  .
  (get_attr
    (identifier) @name)
  (#eq? @_root "data")) @reference.data

(_
  (variable_expr
    (identifier) @_root)
  .
  (get_attr
    (identifier) @name)
  (#match? @_root "^[a-z0-9]+_")) @reference.resource

; terraform.tfvars: `environment = "prod"` sets variable "environment".
(config_file
  (body
    (attribute
      (identifier) @name) @reference.variable))
