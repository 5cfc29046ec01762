; Rust: free functions (top level, in modules, nested in blocks or extern blocks), methods of
; impl blocks and traits, structs, unions, enums, traits, type aliases, modules, macro_rules
; macros and item-level constants and statics are definitions; calls (plain, path, method and
; turbofish calls), macro invocations, struct expressions and type names used in type positions
; are references. `Self` is not a reference.

; Functions outside impl and trait bodies.
(source_file
  (function_item
    name: (identifier) @name) @definition.function)

(mod_item
  body: (declaration_list
    (function_item
      name: (identifier) @name) @definition.function))

(block
  (function_item
    name: (identifier) @name) @definition.function)

(foreign_mod_item
  body: (declaration_list
    (function_signature_item
      name: (identifier) @name) @definition.function))

; Methods: functions of impl blocks, provided and required functions of traits.
(impl_item
  body: (declaration_list
    (function_item
      name: (identifier) @name) @definition.method))

(trait_item
  body: (declaration_list
    [
      (function_item name: (identifier) @name)
      (function_signature_item name: (identifier) @name)
    ] @definition.method))

(struct_item
  name: (type_identifier) @name) @definition.struct

(union_item
  name: (type_identifier) @name) @definition.union

(enum_item
  name: (type_identifier) @name) @definition.enum

(trait_item
  name: (type_identifier) @name) @definition.trait

(type_item
  name: (type_identifier) @name) @definition.type

(mod_item
  name: (identifier) @name) @definition.module

(macro_definition
  name: (identifier) @name) @definition.macro

; Constants and statics at item level (not inside function bodies).
(source_file
  [
    (const_item name: (identifier) @name)
    (static_item name: (identifier) @name)
  ] @definition.constant)

(declaration_list
  [
    (const_item name: (identifier) @name)
    (static_item name: (identifier) @name)
  ] @definition.constant)

(call_expression
  function: [
    (identifier) @name
    (scoped_identifier name: (identifier) @name)
    (field_expression field: (field_identifier) @name)
    (generic_function
      function: [
        (identifier) @name
        (scoped_identifier name: (identifier) @name)
        (field_expression field: (field_identifier) @name)
      ])
  ]) @reference.call

(macro_invocation
  macro: [
    (identifier) @name
    (scoped_identifier name: (identifier) @name)
  ]) @reference.call

(struct_expression
  name: [
    (type_identifier) @name
    (scoped_type_identifier name: (type_identifier) @name)
  ]
  (#not-eq? @name "Self")) @reference.type

([
  (_ type: (type_identifier) @name)
  (_ trait: (type_identifier) @name)
  (_ return_type: (type_identifier) @name)
  (_ element: (type_identifier) @name)
  (type_arguments (type_identifier) @name)
  (trait_bounds (type_identifier) @name)
  (tuple_type (type_identifier) @name)
  (scoped_type_identifier name: (type_identifier) @name)
] @reference.type
  (#not-eq? @name "Self"))
