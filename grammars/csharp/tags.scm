; C#: namespaces (block and file-scoped), classes, interfaces, structs, records, enums,
; delegates, methods, constructors, local functions, properties, events and `const` fields are
; definitions; invocations (plain, member, `?.` and generic) and type names used in type
; positions (declarations, signatures, `new`, base lists, type arguments, casts, patterns,
; attributes) are references. This grammar has no type_identifier: a type is an identifier in
; a type position.

(namespace_declaration
  name: [
    (identifier) @name
    (qualified_name (identifier) @name .)
  ]) @definition.module

(file_scoped_namespace_declaration
  name: [
    (identifier) @name
    (qualified_name (identifier) @name .)
  ]) @definition.module

(class_declaration
  name: (identifier) @name) @definition.class

(interface_declaration
  name: (identifier) @name) @definition.interface

(struct_declaration
  name: (identifier) @name) @definition.struct

(record_declaration
  name: (identifier) @name) @definition.record

(record_struct_declaration
  name: (identifier) @name) @definition.record

(enum_declaration
  name: (identifier) @name) @definition.enum

(delegate_declaration
  name: (identifier) @name) @definition.delegate

(method_declaration
  name: (identifier) @name) @definition.method

(constructor_declaration
  name: (identifier) @name) @definition.constructor

(local_function_statement
  name: (identifier) @name) @definition.function

(property_declaration
  name: (identifier) @name) @definition.property

(event_declaration
  name: (identifier) @name) @definition.event

(event_field_declaration
  (variable_declaration
    (variable_declarator
      (identifier) @name))) @definition.event

(field_declaration
  (modifier) @_modifier
  (variable_declaration
    (variable_declarator
      (identifier) @name))
  (#eq? @_modifier "const")) @definition.constant

(invocation_expression
  function: [
    (identifier) @name
    (generic_name (identifier) @name)
    (member_access_expression
      name: [
        (identifier) @name
        (generic_name (identifier) @name)
      ])
    (conditional_access_expression
      (member_binding_expression
        name: [
          (identifier) @name
          (generic_name (identifier) @name)
        ]))
  ]) @reference.call

([
  (_ type: (identifier) @name)
  (_ type: (generic_name (identifier) @name))
  (_ type: (qualified_name (identifier) @name .))
  (nullable_type (identifier) @name)
  (nullable_type (generic_name (identifier) @name))
  (type_argument_list (identifier) @name)
  (type_argument_list (generic_name (identifier) @name))
  (type_argument_list (qualified_name (identifier) @name .))
  (base_list (identifier) @name)
  (base_list (generic_name (identifier) @name))
  (base_list (qualified_name (identifier) @name .))
  (as_expression right: (identifier) @name)
  (type_of_expression (identifier) @name)
  (attribute name: (identifier) @name)
  (attribute name: (qualified_name (identifier) @name .))
] @reference.type)
