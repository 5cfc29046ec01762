; Go: functions, methods (receiver declarations and interface method specs), type specs
; (struct, interface, other named types and aliases) and package-level constants and variables
; are definitions; calls (plain, qualified, method and generic calls) and type names used in
; type positions (parameters, results, fields, composite literals, type arguments) are
; references. Predeclared types such as `string` or `error` are not references.

(function_declaration
  name: (identifier) @name) @definition.function

(method_declaration
  name: (field_identifier) @name) @definition.method

(method_spec
  name: (field_identifier) @name) @definition.method

(type_spec
  name: (type_identifier) @name
  type: (struct_type)) @definition.struct

(type_spec
  name: (type_identifier) @name
  type: (interface_type)) @definition.interface

(type_spec
  name: (type_identifier) @name
  type: [
    (type_identifier)
    (qualified_type)
    (generic_type)
    (pointer_type)
    (slice_type)
    (array_type)
    (map_type)
    (channel_type)
    (function_type)
  ]) @definition.type

(type_alias
  name: (type_identifier) @name) @definition.type

(source_file
  (const_declaration
    (const_spec
      name: (identifier) @name) @definition.constant))

(source_file
  (var_declaration
    (var_spec
      name: (identifier) @name) @definition.variable))

(call_expression
  function: [
    (identifier) @name
    (selector_expression field: (field_identifier) @name)
  ]) @reference.call

([
  (_ type: (type_identifier) @name)
  (_ result: (type_identifier) @name)
  (pointer_type (type_identifier) @name)
  (type_arguments (type_identifier) @name)
  (qualified_type name: (type_identifier) @name)
  (map_type key: (type_identifier) @name)
  (map_type value: (type_identifier) @name)
  (slice_type element: (type_identifier) @name)
  (array_type element: (type_identifier) @name)
  (channel_type value: (type_identifier) @name)
] @reference.type
  (#not-any-of? @name
    "any" "bool" "byte" "comparable" "complex64" "complex128" "error" "float32" "float64"
    "int" "int8" "int16" "int32" "int64" "rune" "string"
    "uint" "uint8" "uint16" "uint32" "uint64" "uintptr"))
