; Python: classes, functions (methods included), module-level constants and type aliases are
; definitions; calls, decorators, base classes and names used in type annotations are
; references.

(class_definition
  name: (identifier) @name) @definition.class

(function_definition
  name: (identifier) @name) @definition.function

(module
  (expression_statement
    (assignment
      left: (identifier) @name) @definition.constant)
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

; Module-level type aliases and type variables: `ResponseValue = t.Union[...]`,
; `T_route = t.TypeVar(...)`, `type Handler = ...` (capitalized names that are not constants).
(module
  (expression_statement
    (assignment
      left: (identifier) @name) @definition.type)
  (#match? @name "^[A-Z].*[a-z]"))

(module
  (type_alias_statement
    (type (identifier) @name)) @definition.type)

(call
  function: [
    (identifier) @name
    (attribute attribute: (identifier) @name)
  ]) @reference.call

(class_definition
  superclasses: (argument_list
    [
      (identifier) @name
      (attribute attribute: (identifier) @name)
    ])) @reference.class

(decorator
  [
    (identifier) @name
    (attribute attribute: (identifier) @name)
    (call function: (identifier) @name)
    (call function: (attribute attribute: (identifier) @name))
  ]) @reference.call

; Names used as types in annotations (parameters, return types, annotated assignments): the
; annotation itself, `mod.Name`, and the names one or two subscripts deep
; (`t.Optional[ft.ResponseValue]`, `t.Callable[[A], B]`) or in a `A | B` union. A generic's
; arguments (`list[Handler]`) are `type` nodes of their own, so they match at any depth.
(type
  [
    (identifier) @name
    (attribute attribute: (identifier) @name)
  ]) @reference.type

(type
  [
    (subscript
      [
        (identifier) @name
        (attribute attribute: (identifier) @name)
        (list [(identifier) @name (attribute attribute: (identifier) @name)])
      ])
    (generic_type
      (identifier) @name)
    (binary_operator
      [
        (identifier) @name
        (attribute attribute: (identifier) @name)
      ])
  ]) @reference.type

(type
  (subscript
    (subscript
      [
        (identifier) @name
        (attribute attribute: (identifier) @name)
        (list [(identifier) @name (attribute attribute: (identifier) @name)])
      ]))) @reference.type
