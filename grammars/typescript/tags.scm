; TypeScript (.ts .mts .cts)
; Definitions: function and generator declarations and signatures (overloads, `declare function`),
; classes (abstract ones too), methods (getters, setters, constructors, #private ones,
; object-literal shorthand methods, class fields holding a function, method signatures of
; interfaces and object types, abstract method signatures), functions and arrows bound to a name
; (`const f = () => {}`, `exports.h = ...`, `Foo.prototype.m = ...`), function-valued properties
; of an object literal bound to a name, interfaces, type aliases, enums, namespaces/modules, and
; top-level UPPER_CASE constants.
; References: calls `f()` / `obj.m()` and decorators (call), `new C()` and `extends C` (class),
; and type names used as types: annotations, type arguments, `implements`, interface
; `extends`, constraints, type alias bodies, `as` / `satisfies` (type).
; inherits: _ecmascript

; ---------------------------------------------------------------- definitions

; Overload signatures and `declare function f(): T;`.
(function_signature
  name: (identifier) @name) @definition.function

(class_declaration
  name: (type_identifier) @name) @definition.class

(abstract_class_declaration
  name: (type_identifier) @name) @definition.class

(interface_declaration
  name: (type_identifier) @name) @definition.interface

(type_alias_declaration
  name: (type_identifier) @name) @definition.type

(enum_declaration
  name: (identifier) @name) @definition.enum

; `namespace Shapes {}`, `module Legacy {}`, and each part of `namespace Outer.Inner {}` (up to
; three parts); `declare module "pkg"` names a package, not a definition of this file.
(internal_module
  name: [
    (identifier) @name
    (nested_identifier
      [
        (identifier)
        (property_identifier)
      ] @name)
    (nested_identifier
      object: (member_expression
        [
          (identifier)
          (property_identifier)
        ] @name))
  ]) @definition.module

(module
  name: (identifier) @name) @definition.module

; `save(item: T): void;` in an interface or object type, `abstract validate(): boolean;`.
(method_signature
  name: (property_identifier) @name) @definition.method

(abstract_method_signature
  name: (property_identifier) @name) @definition.method

; Class fields holding a function: `handle = (e: Event) => {}`.
(public_field_definition
  name: [
    (property_identifier)
    (private_property_identifier)
  ] @name
  value: [
    (arrow_function)
    (function_expression)
    (generator_function)
  ]) @definition.method

; Top-level UPPER_CASE constants with a non-function value: `export const MAX_SIZE = 10`,
; `const ROUTES = { ... } as const`.
(program
  [
    (lexical_declaration
      kind: "const"
      (variable_declarator
        name: (identifier) @name
        value: [
          (string) (template_string) (number) (true) (false) (null) (regex)
          (array) (object) (binary_expression) (unary_expression)
          (call_expression) (new_expression) (member_expression) (identifier)
          (as_expression) (satisfies_expression)
        ]) @definition.constant)
    (export_statement
      declaration: (lexical_declaration
        kind: "const"
        (variable_declarator
          name: (identifier) @name
          value: [
            (string) (template_string) (number) (true) (false) (null) (regex)
            (array) (object) (binary_expression) (unary_expression)
            (call_expression) (new_expression) (member_expression) (identifier)
            (as_expression) (satisfies_expression)
          ]) @definition.constant))
  ]
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

; ---------------------------------------------------------------- references

; `@sealed`, `@ns.sealed`; `@Component({...})` is a call_expression and matches above.
(decorator
  [
    (identifier) @name
    (member_expression
      property: (property_identifier) @name)
  ]) @reference.call

(extends_clause
  value: [
    (identifier) @name
    (member_expression
      property: (property_identifier) @name)
  ]) @reference.class

; A type name in a type position. Declaration sites (the names of classes, interfaces, aliases,
; type parameters, `infer U`, mapped-type keys) are not in these positions.
[
  (type_annotation (type_identifier) @name)
  (opting_type_annotation (type_identifier) @name)
  (omitting_type_annotation (type_identifier) @name)
  (adding_type_annotation (type_identifier) @name)
  (type_arguments (type_identifier) @name)
  (generic_type name: (type_identifier) @name)
  (nested_type_identifier name: (type_identifier) @name)
  (array_type (type_identifier) @name)
  (union_type (type_identifier) @name)
  (intersection_type (type_identifier) @name)
  (parenthesized_type (type_identifier) @name)
  (readonly_type (type_identifier) @name)
  (optional_type (type_identifier) @name)
  (rest_type (type_identifier) @name)
  (tuple_type (type_identifier) @name)
  (index_type_query (type_identifier) @name)
  (lookup_type (type_identifier) @name)
  (template_type (type_identifier) @name)
  (constraint (type_identifier) @name)
  (default_type (type_identifier) @name)
  (conditional_type (type_identifier) @name)
  (function_type return_type: (type_identifier) @name)
  (constructor_type type: (type_identifier) @name)
  (type_predicate type: (type_identifier) @name)
  (mapped_type_clause type: (type_identifier) @name)
  (type_alias_declaration value: (type_identifier) @name)
  (implements_clause (type_identifier) @name)
  (extends_type_clause type: (type_identifier) @name)
  (as_expression (type_identifier) @name)
  (satisfies_expression (type_identifier) @name)
] @reference.type
