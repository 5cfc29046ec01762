; Dart: classes, mixins, enums, named extensions, typedefs, functions (top level and local),
; methods (abstract ones included), constructors (plain, named, const, factory: the name is the
; last identifier, `unit` for `Circle.unit`), getters and setters and instance fields
; (property), and top-level or static `const` / `final` variables (constant) are definitions.
; References: calls `f()`, `obj.m()`, `obj?.m()`, `super.m()` and cascades `..m()` (call),
; `new C()` / `const C()` (class; a named constructor is also a call), and type names in
; signatures, declarations, supertypes, type arguments and bounds, `is` / `as` and `on` (type).
; Dart has no call node: a call is an identifier or selector followed by a selector holding an
; argument_part, so the patterns anchor on adjacent siblings.

(class_definition
  name: (identifier) @name) @definition.class

(mixin_declaration
  (identifier) @name) @definition.mixin

(enum_declaration
  name: (identifier) @name) @definition.enum

(extension_declaration
  name: (identifier) @name) @definition.extension

; `typedef Name = ...;` and the older `typedef void Name(...);`.
(type_alias
  . (type_identifier) @name
  "=") @definition.type

(type_alias
  (type_identifier) @name
  .
  (formal_parameter_list)) @definition.type

; Functions: top level and local functions.
(program
  (function_signature
    name: (identifier) @name) @definition.function)

(local_function_declaration
  (lambda_expression
    parameters: (function_signature
      name: (identifier) @name))) @definition.function

; Methods of classes, mixins, enums and extensions, with or without a body.
(method_signature
  (function_signature
    name: (identifier) @name)) @definition.method

(declaration
  (function_signature
    name: (identifier) @name)) @definition.method

[
  (constructor_signature
    name: (identifier) @name
    .
    parameters: (formal_parameter_list))
  (constant_constructor_signature
    (identifier) @name
    .
    (formal_parameter_list))
  (factory_constructor_signature
    (identifier) @name
    .
    (formal_parameter_list))
  (redirecting_factory_constructor_signature
    (identifier) @name
    .
    (formal_parameter_list))
] @definition.constructor

[
  (getter_signature
    name: (identifier) @name)
  (setter_signature
    name: (identifier) @name)
] @definition.property

(class_body
  (declaration
    (initialized_identifier_list
      (initialized_identifier
        (identifier) @name)))) @definition.property

(static_final_declaration
  . (identifier) @name) @definition.constant

; Calls: `f(...)`, `a.m(...)`, `a?.m(...)`, `super.m(...)`, `a..m(...)`.
(_
  (identifier) @name
  .
  (selector
    (argument_part))) @reference.call

(_
  (selector
    [
      (unconditional_assignable_selector (identifier) @name)
      (conditional_assignable_selector (identifier) @name)
    ])
  .
  (selector
    (argument_part))) @reference.call

(_
  (unconditional_assignable_selector
    (identifier) @name)
  .
  (selector
    (argument_part))) @reference.call

(cascade_section
  (cascade_selector
    (identifier) @name)
  .
  (argument_part)) @reference.call

; `new C(...)`, `const C(...)`, `new C.named(...)`.
[
  (new_expression
    (type_identifier) @name)
  (const_object_expression
    (type_identifier) @name)
] @reference.class

[
  (new_expression
    (identifier) @name)
  (const_object_expression
    (identifier) @name)
] @reference.call

[
  (program (type_identifier) @name)
  (superclass (type_identifier) @name)
  (mixins (type_identifier) @name)
  (interfaces (type_identifier) @name)
  (type_arguments (type_identifier) @name)
  (type_bound (type_identifier) @name)
  (formal_parameter (type_identifier) @name)
  (typed_identifier (type_identifier) @name)
  (function_signature (type_identifier) @name)
  (getter_signature (type_identifier) @name)
  (operator_signature (type_identifier) @name)
  (declaration (type_identifier) @name)
  (initialized_variable_definition (type_identifier) @name)
  (type_test (type_identifier) @name)
  (type_cast (type_identifier) @name)
  (try_statement (type_identifier) @name)
  (redirecting_factory_constructor_signature (type_identifier) @name)
  (extension_declaration class: (type_identifier) @name)
] @reference.type
