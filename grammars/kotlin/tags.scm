; Kotlin: classes, interfaces, enum classes, objects (companion objects with a name included),
; type aliases, functions (top level, local and extension functions), methods (functions of
; class, object and enum bodies), properties (class members, `val` / `var` parameters of a
; primary constructor, top-level `val` / `var`) and top-level `const val` (constant) are
; definitions. Secondary constructors have no name of their own and are not tagged.
; References: calls `f()` / `a.f()` / `a?.f()` (call; Kotlin has no `new`, so `Circle(1.0)` is
; a call too) and type names in user types: signatures, declarations, supertypes, type
; arguments, constraints, annotations (type). Of a qualified type `a.b.C` only `C` is named.

; `enum class` has the same node type as `class`, with an enum_class_body; anchors skip the
; anonymous `enum` token, so a class is told apart by its body: a class_body, or none at all.
(class_declaration
  "class"
  (type_identifier) @name
  (class_body)) @definition.class

(class_declaration
  "class"
  (type_identifier) @name
  .) @definition.class

(class_declaration
  "class"
  (type_identifier) @name
  [
    (type_parameters)
    (primary_constructor)
    (delegation_specifier)
    (type_constraints)
  ]
  .) @definition.class

(class_declaration
  "interface"
  (type_identifier) @name) @definition.interface

(class_declaration
  "enum"
  (type_identifier) @name) @definition.enum

(object_declaration
  (type_identifier) @name) @definition.object

(companion_object
  (type_identifier) @name) @definition.object

(type_alias
  (type_identifier) @name) @definition.type

; Functions: top level (extension functions included) and local; methods: in a class, object,
; companion or enum body.
(source_file
  (function_declaration
    (simple_identifier) @name) @definition.function)

(statements
  (function_declaration
    (simple_identifier) @name) @definition.function)

[
  (class_body
    (function_declaration
      (simple_identifier) @name) @definition.method)
  (enum_class_body
    (function_declaration
      (simple_identifier) @name) @definition.method)
]

; Properties: members, primary-constructor `val` / `var` parameters, top-level `val` / `var`.
[
  (class_body
    (property_declaration
      (variable_declaration
        (simple_identifier) @name)) @definition.property)
  (enum_class_body
    (property_declaration
      (variable_declaration
        (simple_identifier) @name)) @definition.property)
]

(class_parameter
  (binding_pattern_kind)
  (simple_identifier) @name) @definition.property

(source_file
  (property_declaration
    (modifiers) @_modifiers
    (variable_declaration
      (simple_identifier) @name)) @definition.constant
  (#match? @_modifiers "\\bconst\\b"))

(source_file
  (property_declaration
    .
    (binding_pattern_kind)
    (variable_declaration
      (simple_identifier) @name)) @definition.property)

(source_file
  (property_declaration
    (modifiers) @_modifiers
    .
    (binding_pattern_kind)
    (variable_declaration
      (simple_identifier) @name)) @definition.property
  (#not-match? @_modifiers "\\bconst\\b"))

; Calls: `f()`, `a.f()`, `a?.f()`, `super.f()`, and function references `::f` / `A::f`.
(call_expression
  (simple_identifier) @name) @reference.call

(call_expression
  (navigation_expression
    (navigation_suffix
      (simple_identifier) @name))) @reference.call

(callable_reference
  (simple_identifier) @name .) @reference.call

; Types: the last name of a user type (before its type arguments), and `A::f` / `A::class`.
[
  (user_type
    (type_identifier) @name .)
  (user_type
    (type_identifier) @name
    .
    (type_arguments) .)
  (callable_reference
    (type_identifier) @name)
] @reference.type
