; Scala (2.x syntax; this grammar build predates Scala 3): classes (case classes included),
; traits, objects, type aliases, `def`s (methods in a class/trait/object body, abstract ones
; included; functions at top level or nested in a block), `val` / `var` members and `val` /
; `var` class parameters (property; a member `val` whose name starts with an upper-case letter,
; the Scala convention for constants, is a constant) are definitions. Auxiliary constructors
; (`def this(...)`) are not tagged.
; References: calls `f(...)`, `a.f(...)`, `f[T](...)` and `new C` / `new C(...)` (call; `C(...)`
; is an apply call either way), and type names in type positions (type): parameters, return
; types, ascriptions, supertypes and mixins, type arguments, bounds, tuple and function types;
; of a path type `a.b.C` only `C` is named.
; Grammar limitations: a call whose argument is a brace block (`xs.map { x => ... }`) and a
; `for` comprehension are parse errors here; their inner calls still parse, the called method
; does not. `extends A(x) with B` loses `B`.

(class_definition
  name: (identifier) @name) @definition.class

(trait_definition
  name: (identifier) @name) @definition.trait

(object_definition
  name: (identifier) @name) @definition.object

(type_definition
  name: (type_identifier) @name) @definition.type

(template_body
  [
    (function_definition name: (identifier) @name)
    (function_declaration name: (identifier) @name)
  ] @definition.method
  (#not-eq? @name "this"))

[
  (compilation_unit
    (function_definition
      name: (identifier) @name) @definition.function)
  (block
    (function_definition
      name: (identifier) @name) @definition.function)
]

(template_body
  [
    (val_definition pattern: (identifier) @name)
    (val_declaration name: (identifier) @name)
  ] @definition.constant
  (#match? @name "^[A-Z]"))

(template_body
  [
    (val_definition pattern: (identifier) @name)
    (val_declaration name: (identifier) @name)
  ] @definition.property
  (#not-match? @name "^[A-Z]"))

(template_body
  [
    (var_definition pattern: (identifier) @name)
    (var_declaration name: (identifier) @name)
  ] @definition.property)

(class_parameter
  ["val" "var"]
  name: (identifier) @name) @definition.property

; Calls. The grammar misreads `for (...)` as a call to `for`; `this(...)` in an auxiliary
; constructor is not a reference.
(call_expression
  function: [
    (identifier) @name
    (field_expression field: (identifier) @name)
    (generic_function function: (identifier) @name)
    (generic_function function: (field_expression field: (identifier) @name))
  ]
  (#not-any-of? @name "for" "this")) @reference.call

(instance_expression
  [
    (identifier) @name
    (field_expression field: (identifier) @name)
  ]) @reference.call

[
  (_ type: (type_identifier) @name)
  (_ return_type: (type_identifier) @name)
  (compound_type (type_identifier) @name)
  (type_arguments (type_identifier) @name)
  (tuple_type (type_identifier) @name)
  (parameter_types (type_identifier) @name)
  (stable_type_identifier (type_identifier) @name .)
] @reference.type
