; Julia tags.
; Definitions: modules (`module`, `baremodule`), functions and methods in both forms
; (`function f(x) ... end`, `function f end`, `f(x) = ...`, with `where` clauses and return
; types, nested ones included; for `function Base.show(...)` the name is `show`), macros,
; `struct` / `mutable struct` (kind struct), `abstract type` and `primitive type` (kind type)
; and `const` bindings (kind constant).
; References: calls by the last name of the callee (`f(x)`, `Base.show(io, x)`, `f.(xs)`,
; `Vector{Int}(undef, n)`, do-block calls), macro calls (`@time`, `Base.@kwdef`; kind macro),
; and types named in annotations (`x::T`, `f(x)::T`) and as supertypes (`<: AbstractShape`;
; kind type).

; --- definitions ---------------------------------------------------------------------

(module_definition
  name: (identifier) @name) @definition.module

(function_definition
  (signature
    [
      (identifier) @name
      (call_expression . [(identifier) @name (field_expression (identifier) @name .)])
      (where_expression
        . (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
      (typed_expression
        . (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
      (where_expression
        . (typed_expression
          . (call_expression . [(identifier) @name (field_expression (identifier) @name .)])))
    ])) @definition.function

; Short form `f(x) = ...`: a call on the left of `=` defines a method.
(assignment
  .
  [
    (call_expression . [(identifier) @name (field_expression (identifier) @name .)])
    (where_expression
      . (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
    (typed_expression
      . (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
    (where_expression
      . (typed_expression
        . (call_expression . [(identifier) @name (field_expression (identifier) @name .)])))
  ]) @definition.function

(macro_definition
  (signature
    (call_expression . (identifier) @name))) @definition.macro

(struct_definition
  (type_head
    [
      (identifier) @name
      (parametrized_type_expression . (identifier) @name)
      (binary_expression
        . [
          (identifier) @name
          (parametrized_type_expression . (identifier) @name)
        ])
    ])) @definition.struct

([
  (abstract_definition
    (type_head
      [
        (identifier) @name
        (parametrized_type_expression . (identifier) @name)
        (binary_expression
          . [
            (identifier) @name
            (parametrized_type_expression . (identifier) @name)
          ])
      ]))
  (primitive_definition
    (type_head
      [
        (identifier) @name
        (binary_expression . (identifier) @name)
      ]))
]) @definition.type

(const_statement
  (assignment
    .
    [
      (identifier) @name
      (typed_expression . (identifier) @name)
    ])) @definition.constant

; --- references ----------------------------------------------------------------------

; Calls. A call in a signature or on the left of `=` is a definition, so instead of every
; call_expression, the nodes a call may sit in are listed, plus the right side of `=`.
(assignment
  (operator)
  .
  (call_expression . [(identifier) @name (field_expression (identifier) @name .)])) @reference.call

[
  (source_file                    (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (module_definition              (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (function_definition            (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (macro_definition               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (struct_definition              (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (compound_statement             (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (quote_statement                (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (let_statement                  (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (let_binding                    (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (if_statement                   (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (elseif_clause                  (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (else_clause                    (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (try_statement                  (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (catch_clause                   (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (finally_clause                 (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (for_statement                  (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (for_binding                    (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (while_statement                (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (do_clause                      (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (return_statement               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (argument_list                  (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (macro_argument_list            (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (named_argument                 (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (binary_expression              (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (unary_expression               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (ternary_expression             (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (range_expression               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (splat_expression               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (juxtaposition_expression       (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (compound_assignment_expression (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (arrow_function_expression      (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (parenthesized_expression       (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (tuple_expression               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (open_tuple                     (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (vector_expression              (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (matrix_row                     (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (comprehension_expression       (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (if_clause                      (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (index_expression               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (field_expression               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (curly_expression               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (call_expression                (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (adjoint_expression             (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (global_statement               (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (local_statement                (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
  (string_interpolation           (call_expression . [(identifier) @name (field_expression (identifier) @name .)]))
] @reference.call

; Broadcast calls and calls of parametrized types never define anything.
(broadcast_call_expression
  .
  [
    (identifier) @name
    (field_expression (identifier) @name .)
  ]) @reference.call

(call_expression
  .
  (parametrized_type_expression
    .
    [
      (identifier) @name
      (field_expression (identifier) @name .)
    ])) @reference.call

(macrocall_expression
  (macro_identifier
    (identifier) @name)) @reference.macro

; Types: the annotation of `x::T` / `x::T{P}` (also `::T` alone), and supertypes.
(typed_expression
  (_)
  .
  [
    (identifier) @name
    (parametrized_type_expression . (identifier) @name)
    (field_expression (identifier) @name .)
  ]
  .) @reference.type

(unary_typed_expression
  [
    (identifier) @name
    (parametrized_type_expression . (identifier) @name)
  ]) @reference.type

(type_head
  (binary_expression
    (operator)
    .
    [
      (identifier) @name
      (parametrized_type_expression . (identifier) @name)
      (field_expression (identifier) @name .)
    ])) @reference.type
