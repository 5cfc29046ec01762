; Lua tags.
; Definitions: `function name()`, `function a.b.name()` (kind function), `function a.b:name()`
; (kind method), `local function name()`, and a function value assigned to a single target:
; `local name = function`, `a.b.name = function` anywhere, and `name = function` at the top
; level (inside a function that is only a local or upvalue being set). SCREAMING_CASE names
; given a value at the top level (`local MAX = 10`, `M.VERSION = "1.0"`) are constants.
; References: calls, by the last name of the callee: `f()`, `a.b.f()`, `obj:f()`, also with a
; string or table argument (`f "x"`, `f{...}`). `t[k] = function` and multiple assignments
; are not tagged.

; --- definitions ---------------------------------------------------------------------

(function_definition_statement
  name: [
    (variable name: (identifier) @name)
    (variable field: (identifier) @name)
  ]) @definition.function

(function_definition_statement
  name: (variable method: (identifier) @name)) @definition.method

(local_function_definition_statement
  name: (identifier) @name) @definition.function

(local_variable_declaration
  (variable_list
    .
    (variable name: (identifier) @name)
    .)
  (expression_list
    .
    value: (function_definition)
    .)) @definition.function

(variable_assignment
  (variable_list
    .
    (variable field: (identifier) @name)
    .)
  (expression_list
    .
    value: (function_definition)
    .)) @definition.function

(chunk
  (variable_assignment
    (variable_list
      .
      (variable name: (identifier) @name)
      .)
    (expression_list
      .
      value: (function_definition)
      .)) @definition.function)

(chunk
  ([
    (local_variable_declaration
      (variable_list
        .
        (variable name: (identifier) @name)
        .))
    (variable_assignment
      (variable_list
        .
        [
          (variable name: (identifier) @name)
          (variable field: (identifier) @name)
        ]
        .))
  ] @definition.constant
  (#match? @name "^[A-Z][A-Z0-9_]*$")))

; --- references ----------------------------------------------------------------------

(call
  function: [
    (variable name: (identifier) @name)
    (variable field: (identifier) @name)
    (variable method: (identifier) @name)
  ]) @reference.call
