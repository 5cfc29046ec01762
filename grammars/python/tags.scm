; Python: classes, functions (methods included) and module-level names (constants, type
; aliases, variables) are definitions; calls, decorators, base classes, names used in type
; annotations and names imported with `from module import name` are references.

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

; Other module-level variables (`request_started = Namespace().signal(...)`,
; `current_app: Flask = LocalProxy(...)`); `_private` and `__dunder__` names are left out.
(module
  (expression_statement
    (assignment
      left: (identifier) @name) @definition.variable)
  (#match? @name "^[a-z]"))

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

; Names imported from a module: `from .signals import request_started` (or `... as started`).
(import_from_statement
  name: [
    (dotted_name (identifier) @name)
    (aliased_import name: (dotted_name (identifier) @name))
  ]) @reference.import
