; JavaScript (.js .jsx .mjs .cjs)
; Definitions: function and generator declarations, classes, methods (getters, setters, static
; and #private ones, object-literal shorthand methods, class fields holding a function), functions
; and arrows bound to a name (`const f = () => {}`, `let g = function () {}`,
; `exports.h = ...`, `module.exports.h = ...`, `Foo.prototype.m = ...`), function-valued
; properties of an object literal bound to a name, and top-level UPPER_CASE constants.
; References: calls `f()` / `obj.m()`, `new C()` and `extends C` (class), and JSX elements whose
; tag starts with an uppercase letter, `<Widget />` / `<Layout.Panel>` (class).
; inherits: _jsx

; ---------------------------------------------------------------- definitions

(function_declaration
  name: (identifier) @name) @definition.function

(generator_function_declaration
  name: (identifier) @name) @definition.function

(class_declaration
  name: (identifier) @name) @definition.class

; `const Foo = class { ... }`
(variable_declarator
  name: (identifier) @name
  value: (class)) @definition.class

; Class methods, accessors and object-literal shorthand methods.
(method_definition
  name: [
    (property_identifier)
    (private_property_identifier)
  ] @name) @definition.method

; Class fields holding a function: `handle = () => {}`, `#run = function () {}`.
(field_definition
  property: [
    (property_identifier)
    (private_property_identifier)
  ] @name
  value: [
    (arrow_function)
    (function_expression)
    (generator_function)
  ]) @definition.method

; `const f = () => {}`, `let g = function () {}`, `var h = function* () {}`.
(variable_declarator
  name: (identifier) @name
  value: [
    (arrow_function)
    (function_expression)
    (generator_function)
  ]) @definition.function

; CommonJS exports: `exports.f = ...` and `module.exports.f = ...`.
(assignment_expression
  left: (member_expression
    object: (identifier) @_exports
    property: (property_identifier) @name)
  right: [
    (arrow_function)
    (function_expression)
    (generator_function)
  ]
  (#eq? @_exports "exports")) @definition.function

(assignment_expression
  left: (member_expression
    object: (member_expression
      object: (identifier) @_module
      property: (property_identifier) @_exports)
    property: (property_identifier) @name)
  right: [
    (arrow_function)
    (function_expression)
    (generator_function)
  ]
  (#eq? @_module "module")
  (#eq? @_exports "exports")) @definition.function

; Prototype methods: `Foo.prototype.m = function () {}`.
(assignment_expression
  left: (member_expression
    object: (member_expression
      property: (property_identifier) @_prototype)
    property: (property_identifier) @name)
  right: [
    (arrow_function)
    (function_expression)
    (generator_function)
  ]
  (#eq? @_prototype "prototype")) @definition.method

; Function-valued properties of an object literal bound to a name:
; `const api = { load: () => {}, save: function () {} }`.
(variable_declarator
  value: (object
    (pair
      key: (property_identifier) @name
      value: [
        (arrow_function)
        (function_expression)
        (generator_function)
      ]) @definition.method))

; Top-level UPPER_CASE constants with a non-function value: `export const MAX_SIZE = 10`.
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
          ]) @definition.constant))
  ]
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

; ---------------------------------------------------------------- references

(call_expression
  function: [
    (identifier) @name
    (member_expression
      property: [
        (property_identifier)
        (private_property_identifier)
      ] @name)
  ]) @reference.call

(new_expression
  constructor: [
    (identifier) @name
    (member_expression
      property: (property_identifier) @name)
  ]) @reference.class

(class_heritage
  [
    (identifier) @name
    (member_expression
      property: (property_identifier) @name)
  ]) @reference.class
