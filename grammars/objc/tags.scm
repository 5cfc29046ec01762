; Objective-C: classes (`@interface X : Super` and `@implementation X`, like a C prototype and
; its body both are definitions), named categories (`@interface X (Name)`: category), protocols,
; methods (declared and implemented; named by the first selector keyword, `initWithRadius` for
; `initWithRadius:color:`), properties, C functions (bodies and prototypes), named structs and
; enums with a body, typedef names (type; block typedefs included) and top-level `const`
; variables (constant) are definitions.
; References: messages `[r sel:...]` (call, the first selector keyword), C calls `f()` (call), a
; capitalized receiver `[Circle alloc]` (class), and type names (type): superclasses, adopted
; protocols, extended classes of categories, method and property types, C declaration types.
; This grammar build does not parse `typedef NS_ENUM(T, Name) {...}`: such typedefs are not
; tagged (`typedef enum : T {...} Name;` is).

(class_interface
  .
  (identifier) @name
  superclass: (_)) @definition.class

(class_implementation
  .
  (identifier) @name
  !category) @definition.class

[
  (class_interface
    category: (identifier) @name)
  (class_implementation
    category: (identifier) @name)
] @definition.category

(protocol_declaration
  .
  (identifier) @name) @definition.protocol

[
  (method_declaration
    (method_type)
    .
    (identifier) @name)
  (method_definition
    (method_type)
    .
    (identifier) @name)
] @definition.method

(property_declaration
  (struct_declaration
    (struct_declarator
      [
        (identifier) @name
        (pointer_declarator declarator: (identifier) @name)
        (function_declarator
          declarator: (parenthesized_declarator
            (block_pointer_declarator declarator: (identifier) @name)))
      ]))) @definition.property

; C functions; block and function pointers name a parenthesized declarator, so they do not match.
(function_declarator
  declarator: (identifier) @name) @definition.function

(struct_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.struct

(enum_specifier
  name: (type_identifier) @name
  body: (enumerator_list)) @definition.enum

(type_definition
  type: [
    (primitive_type)
    (type_identifier)
    (struct_specifier)
    (enum_specifier)
    (union_specifier)
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ]) @definition.type

(type_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator
      [
        (block_pointer_declarator declarator: (type_identifier) @name)
        (pointer_declarator declarator: (type_identifier) @name)
      ]))) @definition.type

; `static const T name = ...;`, `NSString *const name = ...;`, `extern NSString *const name;`.
(translation_unit
  (declaration
    (type_qualifier) @_const
    declarator: (init_declarator
      declarator: (identifier) @name)) @definition.constant
  (#eq? @_const "const"))

(translation_unit
  (declaration
    declarator: [
      (init_declarator
        declarator: (pointer_declarator
          (type_qualifier) @_const
          declarator: (identifier) @name))
      (pointer_declarator
        (type_qualifier) @_const
        declarator: (identifier) @name)
    ]) @definition.constant
  (#eq? @_const "const"))

; Messages: the first selector keyword follows the receiver.
(message_expression
  receiver: (_)
  .
  method: (identifier) @name) @reference.call

(message_expression
  receiver: (identifier) @name
  (#match? @name "^[A-Z]")) @reference.class

(call_expression
  function: (identifier) @name) @reference.call

[
  (class_interface superclass: (identifier) @name)
  (class_interface . (identifier) @name category: (_))
  (class_implementation . (identifier) @name category: (_))
  (protocol_reference_list (identifier) @name)
] @reference.type

([
  (declaration type: (type_identifier) @name)
  (parameter_declaration type: (type_identifier) @name)
  (function_definition type: (type_identifier) @name)
  (type_definition type: (type_identifier) @name)
  (type_descriptor type: (type_identifier) @name)
  (field_declaration type: (type_identifier) @name)
  (struct_declaration (type_identifier) @name)
  (type_name (type_identifier) @name)
  (generic_specifier (type_identifier) @name)
] @reference.type
  (#not-eq? @name "instancetype"))
