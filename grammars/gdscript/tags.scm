; GDScript tags.
; Definitions: `class_name` and inner `class` (class), `func` (function), `signal` (signal),
; `const` (constant), script-level `var` (variable) and `enum` (enum).
; References: calls, `f()` and `obj.f()` (call); the `extends` base (class); types in
; annotations of parameters, returns and variables (type).

; --- definitions ---------------------------------------------------------------------

(class_name_statement
  (name) @name) @definition.class

(class_definition
  name: (name) @name) @definition.class

(function_definition
  name: (name) @name) @definition.function

(signal_statement
  (name) @name) @definition.signal

(const_statement
  name: (name) @name) @definition.constant

(source
  (variable_statement
    name: (name) @name) @definition.variable)

(enum_definition
  name: (name) @name) @definition.enum

; --- references ----------------------------------------------------------------------

(call
  .
  (identifier) @name) @reference.call

(attribute_call
  .
  (identifier) @name) @reference.call

(extends_statement
  (type (identifier) @name)) @reference.class

[
  (typed_parameter type: (type (identifier) @name))
  (typed_default_parameter type: (type (identifier) @name))
  (function_definition return_type: (type (identifier) @name))
  (variable_statement type: (type (identifier) @name))
] @reference.type
