; Nix tags.
; Definitions: a binding whose value is a function, `name = args: …` (function; of a dotted
; `lib.name = …` the last attribute), and the other bindings of a `let` (variable).
; References: applied functions, `f x` and `lib.f x` (call; the last attribute of a
; selection). Attributes of an attribute set that are not functions (`pname`, `meta`, …) are
; data, not definitions.

; --- definitions ---------------------------------------------------------------------

(binding
  attrpath: (attrpath (identifier) @name .)
  expression: (function_expression)) @definition.function

(let_expression
  (binding_set
    (binding
      attrpath: (attrpath (identifier) @name .)
      expression: [
        (apply_expression) (attrset_expression) (binary_expression) (float_expression)
        (if_expression) (indented_string_expression) (integer_expression) (let_expression)
        (list_expression) (parenthesized_expression) (path_expression) (rec_attrset_expression)
        (select_expression) (string_expression) (variable_expression) (with_expression)
      ]) @definition.variable))

; --- references ----------------------------------------------------------------------

(apply_expression
  function: [
    (variable_expression name: (identifier) @name)
    (select_expression attrpath: (attrpath (identifier) @name .))
  ]) @reference.call
