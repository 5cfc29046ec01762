; The patterns JavaScript and TypeScript share, inherited by both (`; inherits: _ecmascript`):
; the tags of the ECMAScript syntax both grammars parse with the same node types. Each query
; adds what its grammar names differently (class names, fields, heritage) and TypeScript's
; own declarations and type references.

(function_declaration
  name: (identifier) @name) @definition.function

(generator_function_declaration
  name: (identifier) @name) @definition.function

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
