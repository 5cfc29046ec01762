; Gleam tags.
; Definitions: functions (function), constants (constant), custom types and type aliases
; (type), and the constructors of custom types (constructor).
; References: called functions, local or qualified (`list.map(…)` refers to `map`), and
; functions on the right of `|>` (call); types named in signatures and types (type); imported
; modules (module, e.g. `gleam/list`).

; --- definitions ---------------------------------------------------------------------

(function
  name: (identifier) @name) @definition.function

(constant
  name: (identifier) @name) @definition.constant

(type_definition
  (type_name name: (type_identifier) @name)) @definition.type

(type_alias
  (type_name name: (type_identifier) @name)) @definition.type

(data_constructor
  name: (constructor_name) @name) @definition.constructor

; --- references ----------------------------------------------------------------------

(function_call
  function: (identifier) @name) @reference.call

(function_call
  function: (field_access field: (label) @name)) @reference.call

(binary_expression
  operator: "|>"
  right: [
    (identifier) @name
    (field_access field: (label) @name)
  ]) @reference.call

(type
  name: (type_identifier) @name) @reference.type

(import
  module: (module) @name) @reference.module
