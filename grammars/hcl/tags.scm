; HCL (@tree-sitter-grammars/tree-sitter-hcl): generic configuration files (Nomad, Packer,
; Consul, Terragrunt, ...), where block types mean nothing to us.
; Definitions: every labeled block, named by its last label (kind `block`; `variable "x"`
; blocks are kind `variable`), the attributes of `locals` blocks (kind `local`) and the
; attributes at the top level of the file (kind `attribute`). Unlabeled blocks are not tagged.
; References: `var.x` (kind `variable`) and `local.x` (kind `local`), named by the identifier
; after the root, and function calls.
; inherits: _hcl_common

; ---------------------------------------------------------------- definitions

(config_file
  (body
    (attribute
      (identifier) @name) @definition.attribute))

; Any other labeled block: `job "web" {`, `source "amazon-ebs" "ubuntu" {`, `port http {`.
(block
  (identifier) @_type
  [
    (string_lit (template_literal) @name)
    (identifier) @name
  ]
  .
  (block_start)
  (#not-any-of? @_type "variable" "locals")) @definition.block

; ---------------------------------------------------------------- references
