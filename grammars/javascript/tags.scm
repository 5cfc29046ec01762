; JavaScript (.js .jsx .mjs .cjs)
; Definitions: function and generator declarations, classes, methods (getters, setters, static
; and #private ones, object-literal shorthand methods, class fields holding a function), functions
; and arrows bound to a name (`const f = () => {}`, `let g = function () {}`,
; `exports.h = ...`, `module.exports.h = ...`, `Foo.prototype.m = ...`), function-valued
; properties of an object literal bound to a name, and top-level UPPER_CASE constants.
; References: calls `f()` / `obj.m()`, `new C()` and `extends C` (class), and JSX elements whose
; tag starts with an uppercase letter, `<Widget />` / `<Layout.Panel>` (class).
; inherits: _ecmascript, _jsx

; ---------------------------------------------------------------- definitions

(class_declaration
  name: (identifier) @name) @definition.class

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

(class_heritage
  [
    (identifier) @name
    (member_expression
      property: (property_identifier) @name)
  ]) @reference.class
