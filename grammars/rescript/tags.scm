; ReScript (tree-sitter-wasms 0.1.13 grammar).
; Definitions: `let` bindings at the top level or directly in a module body (functions when
; bound to a `=>` function or declared with a function type, values otherwise), externals,
; types with their variant constructors and record fields, exceptions, modules and module
; types.
; References: called functions (plain, `M.f`, and the target of `->` pipes), every module in a
; module path (`M.f`, `M.t`, `open`, `include`, functor applications, module aliases), type
; names in annotations, variant constructors in expressions and patterns, JSX components.

; ---------------------------------------------------------------- definitions

(source_file
  (let_declaration
    (let_binding
      pattern: (value_identifier) @name
      body: (function)) @definition.function))

(module_binding
  definition: (block
    (let_declaration
      (let_binding
        pattern: (value_identifier) @name
        body: (function)) @definition.function)))

; A binding whose body is not a function (listed by expression type).
(source_file
  (let_declaration
    (let_binding
      pattern: (value_identifier) @name
      body: [
        (number) (string) (template_string) (character) (true) (false) (unit)
        (value_identifier) (value_identifier_path) (record) (object) (tuple) (array) (list)
        (call_expression) (pipe_expression) (binary_expression) (unary_expression)
        (ternary_expression) (if_expression) (switch_expression) (try_expression)
        (member_expression) (subscript_expression) (variant) (polyvar) (jsx_element)
        (jsx_fragment) (jsx_self_closing_element) (parenthesized_expression) (block)
        (lazy_expression) (await_expression) (coercion_expression) (extension_expression)
        (module_pack) (assert_expression)
      ]) @definition.value))

(module_binding
  definition: (block
    (let_declaration
      (let_binding
        pattern: (value_identifier) @name
        body: [
          (number) (string) (template_string) (character) (true) (false) (unit)
          (value_identifier) (value_identifier_path) (record) (object) (tuple) (array) (list)
          (call_expression) (pipe_expression) (binary_expression) (unary_expression)
          (ternary_expression) (if_expression) (switch_expression) (try_expression)
          (member_expression) (subscript_expression) (variant) (polyvar) (jsx_element)
          (jsx_fragment) (jsx_self_closing_element) (parenthesized_expression) (block)
          (lazy_expression) (await_expression) (coercion_expression) (extension_expression)
          (module_pack) (assert_expression)
        ]) @definition.value)))

; A bodiless `let` in a module type or interface: `let make: int => t`.
(let_binding
  pattern: (value_identifier) @name
  .
  (type_annotation
    (function_type))
  .) @definition.function

(external_declaration
  (value_identifier) @name) @definition.function

(type_binding
  name: (type_identifier) @name) @definition.type

(variant_declaration
  (variant_identifier) @name) @definition.constructor

(record_type_field
  (property_identifier) @name) @definition.field

(exception_declaration
  (variant_identifier) @name) @definition.exception

; `module type S = {...}` parses like a module; only the text tells them apart.
((module_declaration
  (module_binding
    name: (module_identifier) @name)) @_declaration @definition.module
  (#not-match? @_declaration "^module\\s+type\\b"))

((module_declaration
  (module_binding
    name: (module_identifier) @name)) @_declaration @definition.module_type
  (#match? @_declaration "^module\\s+type\\b"))

; ---------------------------------------------------------------- references

(call_expression
  function: [
    (value_identifier) @name
    (value_identifier_path (value_identifier) @name)
  ]) @reference.call

; `x->f` and `x->M.f` without an argument list.
(pipe_expression
  (_)
  .
  [
    (value_identifier) @name
    (value_identifier_path (value_identifier) @name)
  ]
  .) @reference.call

[
  (value_identifier_path (module_identifier) @name)
  (module_identifier_path (module_identifier) @name)
  (type_identifier_path (module_identifier) @name)
  (nested_variant_identifier (module_identifier) @name)
  (open_statement (module_identifier) @name)
  (include_statement (module_identifier) @name)
  (functor_use (module_identifier) @name)
  (functor_use (arguments (module_identifier) @name))
  (module_binding definition: (module_identifier) @name)
] @reference.module

[
  (type_annotation (type_identifier) @name)
  (generic_type (type_identifier) @name)
  (type_arguments (type_identifier) @name)
  (type_identifier_path (type_identifier) @name)
  (variant_parameters (type_identifier) @name)
  (function_type_parameters (type_identifier) @name)
  (function_type (type_identifier) @name)
  (tuple_type (type_identifier) @name)
  (type_binding name: (type_identifier) (type_identifier) @name)
] @reference.type

[
  (variant (variant_identifier) @name)
  (variant (nested_variant_identifier (variant_identifier) @name))
  (variant_pattern (variant_identifier) @name)
  (variant_pattern (nested_variant_identifier (variant_identifier) @name))
] @reference.constructor

([
  (jsx_opening_element name: (jsx_identifier) @name)
  (jsx_self_closing_element name: (jsx_identifier) @name)
  (jsx_opening_element name: (nested_jsx_identifier (jsx_identifier) @name .))
  (jsx_self_closing_element name: (nested_jsx_identifier (jsx_identifier) @name .))
] @reference.component
  (#match? @name "^[A-Z]"))
