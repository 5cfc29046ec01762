; Fish tags.
; Definitions: functions (`function name ...; end`, nested ones included) and global or
; universal variables (`set -g NAME`, `set -gx NAME`, `set -U NAME`, `set --global NAME`,
; also with one more flag in between such as `set -g -x NAME`), wherever they are set:
; the scope flag makes them visible beyond the function.
; References: the name of every command (functions, builtins and programs alike: the grammar
; does not tell them apart) and expansions of SCREAMING_CASE variables (`$PROJECT_ROOT`).

(function_definition
  name: (word) @name) @definition.function

((command
  name: (word) @_set
  argument: (word) @_scope
  .
  argument: (word) @name) @definition.variable
  (#eq? @_set "set")
  (#match? @_scope "^(-[xu]*[gU][xu]*|--global|--universal)$")
  (#not-match? @name "^-"))

((command
  name: (word) @_set
  argument: (word) @_scope
  .
  argument: (word) @_other
  .
  argument: (word) @name) @definition.variable
  (#eq? @_set "set")
  (#match? @_scope "^(-[xu]*[gU][xu]*|--global|--universal)$")
  (#match? @_other "^-(-export|-unexport|[xu]+)$")
  (#not-match? @name "^-"))

(command
  name: (word) @name) @reference.call

((variable_expansion
  (variable_name) @name) @reference.variable
  (#match? @name "^[A-Z][A-Z0-9_]*$"))
