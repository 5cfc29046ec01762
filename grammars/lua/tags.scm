; Lua tags (for the @tree-sitter-grammars/tree-sitter-lua grammar).
; Definitions: `function name()`, `function a.b.name()`, `local function name()` (kind function),
; `function a.b:name()` (kind method), and a function value given to a single target:
; `local name = function`, `a.b.name = function` anywhere, and `name = function` at the top
; level (inside a function that only sets a local or an upvalue). SCREAMING_CASE names given a
; value at the top level (`local MAX = 10`, `M.VERSION = "1.0"`) are constants; one-letter
; names are left out (`local M = {}` is the usual module table).
; References: calls, by the last name of the callee (`f()`, `a.b.f()`, `obj:f()`, also
; `f "x"` and `f{...}`), and modules loaded with `require("name")` (kind module).
; `t[k] = function` and multiple assignments are not tagged.

; --- definitions ---------------------------------------------------------------------

(function_declaration
  name: [
    (identifier) @name
    (dot_index_expression field: (identifier) @name)
  ]) @definition.function

(function_declaration
  name: (method_index_expression method: (identifier) @name)) @definition.method

(variable_declaration
  (assignment_statement
    (variable_list
      .
      name: (identifier) @name
      .)
    (expression_list
      .
      value: (function_definition)
      .))) @definition.function

(assignment_statement
  (variable_list
    .
    name: (dot_index_expression field: (identifier) @name)
    .)
  (expression_list
    .
    value: (function_definition)
    .)) @definition.function

(chunk
  (assignment_statement
    (variable_list
      .
      name: (identifier) @name
      .)
    (expression_list
      .
      value: (function_definition)
      .)) @definition.function)

(chunk
  ([
    (variable_declaration
      (assignment_statement
        (variable_list
          .
          name: (identifier) @name
          .)))
    (assignment_statement
      (variable_list
        .
        name: [
          (identifier) @name
          (dot_index_expression field: (identifier) @name)
        ]
        .))
  ] @definition.constant
  (#match? @name "^[A-Z][A-Z0-9_]+$")))

; --- references ----------------------------------------------------------------------

(function_call
  name: [
    (identifier) @name
    (dot_index_expression field: (identifier) @name)
    (method_index_expression method: (identifier) @name)
  ]) @reference.call

((function_call
  name: (identifier) @_require
  arguments: (arguments
    .
    (string
      content: (string_content) @name))) @reference.module
  (#eq? @_require "require"))
