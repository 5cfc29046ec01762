; PHP tags.
; Definitions: classes, interfaces, traits, enums, functions, methods (abstract and interface
; ones included), constants (`const X = ...` at top level or in a class) and enum cases.
; References: function calls, method calls (`$o->m()`, `$o?->m()`), static calls `A::b()`
; (b as a call, A as a class), `new C()`, extends / implements / trait `use` and `A::CONST`
; (kind class for A, constant for CONST), and type names in parameters, returns and
; properties (kind type). `self`, `static` and `parent` are not references.

; --- definitions ---------------------------------------------------------------------

(class_declaration
  name: (name) @name) @definition.class

(interface_declaration
  name: (name) @name) @definition.interface

(trait_declaration
  name: (name) @name) @definition.trait

(enum_declaration
  name: (name) @name) @definition.enum

(function_definition
  name: (name) @name) @definition.function

(method_declaration
  name: (name) @name) @definition.method

(const_element
  (name) @name) @definition.constant

(enum_case
  name: (name) @name) @definition.constant

; --- references ----------------------------------------------------------------------

(function_call_expression
  function: [
    (name) @name
    (qualified_name (name) @name .)
  ]) @reference.call

(member_call_expression
  name: (name) @name) @reference.call

(nullsafe_member_call_expression
  name: (name) @name) @reference.call

(scoped_call_expression
  name: (name) @name) @reference.call

(scoped_call_expression
  scope: [
    (name) @name
    (qualified_name (name) @name .)
  ]) @reference.class

(object_creation_expression
  [
    (name) @name
    (qualified_name (name) @name .)
  ]
  (#not-any-of? @name "static" "self" "parent")) @reference.class

(base_clause
  [
    (name) @name
    (qualified_name (name) @name .)
  ]) @reference.class

(class_interface_clause
  [
    (name) @name
    (qualified_name (name) @name .)
  ]) @reference.class

(use_declaration
  [
    (name) @name
    (qualified_name (name) @name .)
  ]) @reference.class

; `A::CONST`, `A::Case`, `A::class`: the first child names the class, the last the constant.
(class_constant_access_expression
  .
  [
    (name) @name
    (qualified_name (name) @name .)
  ]) @reference.class

; (The predicate sits outside the node: placed right after the `.` anchor it cancels it.)
((class_constant_access_expression
  (name) @name .) @reference.constant
  (#not-eq? @name "class"))

(named_type
  [
    (name) @name
    (qualified_name (name) @name .)
  ]
  (#not-any-of? @name "static" "self" "parent")) @reference.type
