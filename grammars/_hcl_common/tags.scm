; The patterns HCL and Terraform share, inherited by both (`; inherits: _hcl_common`):
; `variable` blocks, the attributes of `locals` blocks, `var.x` and `local.x` references
; and function calls.

(block
  (identifier) @_type
  .
  (string_lit
    (template_literal) @name)
  .
  (block_start)
  (#eq? @_type "variable")) @definition.variable

(block
  (identifier) @_type
  (body
    (attribute
      (identifier) @name))
  (#eq? @_type "locals")) @definition.local

(_
  (variable_expr
    (identifier) @_root)
  .
  (get_attr
    (identifier) @name)
  (#eq? @_root "var")) @reference.variable

(_
  (variable_expr
    (identifier) @_root)
  .
  (get_attr
    (identifier) @name)
  (#eq? @_root "local")) @reference.local

(function_call
  (identifier) @name) @reference.call
