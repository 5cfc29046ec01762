; C++ tags.
; Definitions: functions (bodies and prototypes, templates included), methods declared or
; defined in a class body and out-of-class `Foo::bar()` definitions (name `bar`), constructors
; (as functions), classes, structs, unions, enums with a body, namespaces (kind module),
; typedefs and `using X = ...` aliases (kind type), and #define macros.
; References: calls (plain, member `o.m()` / `p->m()`, qualified `A::f()`, template `f<T>()`),
; `new C(...)` and base classes (kind class), and type names used in declarations, template
; arguments, casts and qualified types (kind type).
; inherits: _c_family

; --- definitions ---------------------------------------------------------------------

; Methods declared or defined inside a class body.
(function_declarator
  declarator: (field_identifier) @name) @definition.method

; Out-of-class definitions: `Foo::bar`, `Foo<T>::bar`, `ns::Foo::bar`.
(function_declarator
  declarator: (qualified_identifier
    name: (identifier) @name)) @definition.method

(function_declarator
  declarator: (qualified_identifier
    name: (qualified_identifier
      name: (identifier) @name))) @definition.method

(class_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.class

(namespace_definition
  name: (namespace_identifier) @name) @definition.module

; `namespace a::b { }` defines b.
(namespace_definition
  name: (nested_namespace_specifier
    (namespace_identifier) @name .)) @definition.module

(alias_declaration
  name: (type_identifier) @name) @definition.type

; --- references ----------------------------------------------------------------------

(call_expression
  function: [
    (identifier) @name
    (qualified_identifier name: (identifier) @name)
    (qualified_identifier name: (qualified_identifier name: (identifier) @name))
    (template_function name: (identifier) @name)
    (qualified_identifier name: (template_function name: (identifier) @name))
    (field_expression field: (field_identifier) @name)
    (field_expression field: (dependent_name (template_method name: (field_identifier) @name)))
    (field_expression field: (template_method name: (field_identifier) @name))
  ]) @reference.call

(new_expression
  type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
    (qualified_identifier name: (qualified_identifier name: (type_identifier) @name))
  ]) @reference.class

(base_class_clause
  [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
  ]) @reference.class

; Type names. Template and qualified types are references wherever they appear; a bare
; type_identifier is one in the `type:` field of a declaration-like node.
(template_type
  name: (type_identifier) @name) @reference.type

(qualified_identifier
  name: (type_identifier) @name) @reference.type

(optional_parameter_declaration
  type: (type_identifier) @name) @reference.type

(variadic_parameter_declaration
  type: (type_identifier) @name) @reference.type

(function_definition
  type: (type_identifier) @name) @reference.type

(for_range_loop
  type: (type_identifier) @name) @reference.type

(class_specifier
  name: (type_identifier) @name
  !body) @reference.type
