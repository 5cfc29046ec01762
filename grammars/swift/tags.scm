; Swift: classes (and actors), structs, enums, protocols, type aliases, functions (top level
; and nested), methods (in class, struct, enum, extension and protocol bodies), initializers
; (constructor, named `init`), properties (stored and computed members, protocol requirements)
; and top-level `let` (constant) are definitions. Extensions have no name of their own: the
; extended type is a type reference. Operator functions (`static func <`) are not tagged.
; References: calls `f()`, `a.f()`, `a?.f()`, `super.init()` and trailing-closure calls
; `a.f { ... }` (call; `Circle(radius:)` is a call too), and the last name of user types in
; annotations, signatures, inheritance clauses, generic arguments, constraints, attributes and
; extensions (type). A subscript `a[i]` (a call_expression in this grammar) is not a call.

(class_declaration
  declaration_kind: ["class" "actor"]
  name: (type_identifier) @name) @definition.class

(class_declaration
  declaration_kind: "struct"
  name: (type_identifier) @name) @definition.struct

(class_declaration
  declaration_kind: "enum"
  name: (type_identifier) @name) @definition.enum

(protocol_declaration
  name: (type_identifier) @name) @definition.protocol

(typealias_declaration
  name: (type_identifier) @name) @definition.type

[
  (source_file
    (function_declaration
      name: (simple_identifier) @name) @definition.function)
  (statements
    (function_declaration
      name: (simple_identifier) @name) @definition.function)
]

[
  (class_body
    (function_declaration
      name: (simple_identifier) @name) @definition.method)
  (enum_class_body
    (function_declaration
      name: (simple_identifier) @name) @definition.method)
  (protocol_body
    (protocol_function_declaration
      name: (simple_identifier) @name) @definition.method)
]

(init_declaration
  name: "init" @name) @definition.constructor

[
  (class_body
    (property_declaration
      name: (pattern
        bound_identifier: (simple_identifier) @name)) @definition.property)
  (enum_class_body
    (property_declaration
      name: (pattern
        bound_identifier: (simple_identifier) @name)) @definition.property)
  (protocol_body
    (protocol_property_declaration
      name: (pattern
        bound_identifier: (simple_identifier) @name)) @definition.property)
]

(source_file
  (property_declaration
    (value_binding_pattern) @_binding
    name: (pattern
      bound_identifier: (simple_identifier) @name)) @definition.constant
  (#eq? @_binding "let"))

; Calls: parenthesized arguments or a trailing closure; `a[i]` has `[` arguments instead.
(call_expression
  [
    (simple_identifier) @name
    (navigation_expression
      suffix: (navigation_suffix
        suffix: (simple_identifier) @name))
  ]
  (call_suffix
    [
      (value_arguments "(")
      (lambda_literal)
    ])) @reference.call

[
  (user_type
    (type_identifier) @name .)
  (user_type
    (type_identifier) @name
    .
    (type_arguments) .)
] @reference.type
