; Perl tags.
; Definitions: `sub name` (function) and `package Name::Space` (module).
; References: calls with arguments, `name(…)` and `name …`, and method calls `$obj->name(…)`
; (call); `use Module::Name` (module). A bare word without arguments is not a call: the grammar
; parses hash keys such as `{ jobs => [] }` as bare calls too. The grammar reads a file handle
; after `print`/`printf` as a call with arguments.

; --- definitions ---------------------------------------------------------------------

(function_definition
  name: (identifier) @name) @definition.function

(package_statement
  (package_name) @name) @definition.module

; --- references ----------------------------------------------------------------------

(call_expression_with_args_with_brackets
  (call_expression_with_bareword function_name: (identifier) @name)
  args: (_)) @reference.call

(call_expression_with_spaced_args
  (call_expression_with_bareword function_name: (identifier) @name)) @reference.call

(method_invocation
  function_name: (identifier) @name) @reference.call

(use_no_statement
  package_name: (package_name) @name) @reference.module
