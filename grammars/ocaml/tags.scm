; OCaml implementation files (.ml, tree-sitter-ocaml 0.24).
; Definitions: let-bindings at module level (top level or inside a module's struct, `let rec ...
; and ...` included; functions when they take parameters or are bound to `fun`/`function`,
; values otherwise; operators); externals; types, their constructors and record fields;
; exceptions; modules and functors; module types and the `val`s they declare; classes and
; methods.
; References: applied functions (also through `|>` and `@@`), qualified values used as data,
; every module in a module path (`M.f`, `open`, `include`, functor applications), module types,
; type constructors, variant constructors, record field accesses, classes (`new`, `inherit`)
; and method calls.
; inherits: _ocaml_signatures

; ---------------------------------------------------------------- definitions

(compilation_unit
  (value_definition
    (let_binding
      pattern: (value_name) @name
      (parameter)) @definition.function))

(structure
  (value_definition
    (let_binding
      pattern: (value_name) @name
      (parameter)) @definition.function))

(compilation_unit
  (value_definition
    (let_binding
      pattern: (value_name) @name
      body: [(fun_expression) (function_expression)]) @definition.function))

(structure
  (value_definition
    (let_binding
      pattern: (value_name) @name
      body: [(fun_expression) (function_expression)]) @definition.function))

; A binding with no parameters (its name is followed straight by `:` or `=`) whose body is
; not a function.
(compilation_unit
  (value_definition
    (let_binding
      pattern: (value_name) @name
      body: (_) @_body) @_binding @definition.value)
  (#match? @_binding "^[a-z_][A-Za-z0-9_']*\\s*[:=]")
  (#not-match? @_body "^fun"))

(structure
  (value_definition
    (let_binding
      pattern: (value_name) @name
      body: (_) @_body) @_binding @definition.value)
  (#match? @_binding "^[a-z_][A-Za-z0-9_']*\\s*[:=]")
  (#not-match? @_body "^fun"))

(compilation_unit
  (value_definition
    (let_binding
      pattern: (parenthesized_operator
        (_) @name)) @definition.operator))

(structure
  (value_definition
    (let_binding
      pattern: (parenthesized_operator
        (_) @name)) @definition.operator))

(method_definition
  (method_name) @name) @definition.method

; ---------------------------------------------------------------- references

(application_expression
  function: (value_path
    (value_name) @name)) @reference.call

(infix_expression
  operator: (rel_operator) @_operator
  right: (value_path
    (value_name) @name)
  (#eq? @_operator "|>")) @reference.call

(infix_expression
  left: (value_path
    (value_name) @name)
  operator: (concat_operator) @_operator
  (#eq? @_operator "@@")) @reference.call

; Qualified values passed or bound as data (`List.iter f xs`, `let t = Config.default`).
[
  (application_expression
    argument: (value_path
      (module_path)
      (value_name) @name))
  (let_binding
    body: (value_path
      (module_path)
      (value_name) @name))
] @reference.value

(method_invocation
  method: (method_name) @name) @reference.call

(constructor_path
  (constructor_name) @name) @reference.constructor

(field_get_expression
  field: (field_path
    (field_name) @name)) @reference.field
