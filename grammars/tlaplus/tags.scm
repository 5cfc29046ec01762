; TLA+ (tree-sitter-wasms 0.1.13 grammar).
; Definitions: modules (also nested ones and `M == INSTANCE ...`); module-level operator
; definitions (LOCAL ones included, infix operators by their symbol; LET definitions are not
; tagged); function definitions `f[x \in S] == ...`; declared constants and variables; named
; theorems and assumptions.
; References: applied operators `Op(a, b)` and function applications `f[x]` (kind `call`);
; other uses of a name in an expression (kind `operator`: defined operators, constants and
; variables alike -- the grammar cannot tell them, nor bound variables, apart); modules named
; by EXTENDS, INSTANCE and `I!Op`.

; ---------------------------------------------------------------- definitions

(module
  name: (identifier) @name) @definition.module

(module
  (operator_definition
    name: [
      (identifier) @name
      (infix_op_symbol) @name
      (prefix_op_symbol) @name
      (postfix_op_symbol) @name
    ]) @definition.operator)

(local_definition
  (operator_definition
    name: [
      (identifier) @name
      (infix_op_symbol) @name
      (prefix_op_symbol) @name
      (postfix_op_symbol) @name
    ]) @definition.operator)

(module
  (function_definition
    name: (identifier) @name) @definition.function)

(local_definition
  (function_definition
    name: (identifier) @name) @definition.function)

(module_definition
  name: (identifier) @name) @definition.module

(constant_declaration
  [
    (identifier) @name
    (operator_declaration name: (identifier) @name)
  ]) @definition.constant

(variable_declaration
  (identifier) @name) @definition.variable

(theorem
  name: (identifier) @name) @definition.theorem

(assumption
  name: (identifier) @name) @definition.assumption

; ---------------------------------------------------------------- references

(bound_op
  name: (identifier_ref) @name) @reference.call

(function_evaluation
  .
  (identifier_ref) @name) @reference.call

(_
  [
    lhs: (identifier_ref) @name
    rhs: (identifier_ref) @name
    parameter: (identifier_ref) @name
    if: (identifier_ref) @name
    then: (identifier_ref) @name
    else: (identifier_ref) @name
    set: (identifier_ref) @name
    expression: (identifier_ref) @name
    definition: (identifier_ref) @name
    statement: (identifier_ref) @name
    filter: (identifier_ref) @name
    map: (identifier_ref) @name
    expr_to_update: (identifier_ref) @name
    new_val: (identifier_ref) @name
  ]) @reference.operator

[
  (conj_item (identifier_ref) @name)
  (disj_item (identifier_ref) @name)
  (parentheses (identifier_ref) @name)
  (tuple_literal (identifier_ref) @name)
  (finite_set_literal (identifier_ref) @name)
  (record_literal (identifier_ref) @name)
  (record_value (identifier_ref) @name)
  (set_of_functions (identifier_ref) @name)
  (set_of_records (identifier_ref) @name)
  (step_expr_or_stutter (identifier_ref) @name)
  (step_expr_no_stutter (identifier_ref) @name)
  (fairness (identifier_ref) @name)
  (case_arm (identifier_ref) @name)
  (other_arm (identifier_ref) @name)
  (substitution (identifier_ref) @name)
  (function_evaluation (_) (identifier_ref) @name)
  (use_body_expr (identifier_ref) @name)
  (use_body_def (identifier_ref) @name)
] @reference.operator

(extends
  (identifier_ref) @name) @reference.module

(instance
  .
  (identifier_ref) @name) @reference.module

(subexpr_component
  (identifier_ref) @name) @reference.module
