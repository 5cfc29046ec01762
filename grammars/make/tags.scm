; Make tags.
; Definitions: rule targets that are plain names (`build:`, `a b: c`; kind target), leaving out
; special targets such as `.PHONY`, pattern rules (`%.o: %.c`) and targets spelled with
; variables; variables, wherever assigned (`=`, `:=`, `?=`, `+=`, `!=`, also under `export`,
; `override` and conditionals) except target-specific ones (`release: X := 1`), since make
; variables are global; and `define NAME ... endef` blocks (kind macro).
; References: variables used (`$(NAME)`, `${NAME}`, `$(NAME:.c=.o)`, `ifdef NAME`) and
; prerequisites that are plain names (kind target; those of special targets such as `.PHONY`
; are declarations, not uses). The grammar does not split `$(call f,args)` into arguments,
; so user functions invoked with `call` yield no reference.

; --- definitions ---------------------------------------------------------------------

((rule
  (targets
    (word) @name)) @definition.target
  (#not-match? @name "^\\.[A-Z_]+$")
  (#not-match? @name "%"))

(variable_assignment
  !target_or_pattern
  name: (word) @name) @definition.variable

(shell_assignment
  name: (word) @name) @definition.variable

(define_directive
  name: (word) @name) @definition.macro

; --- references ----------------------------------------------------------------------

((variable_reference
  (word) @name) @reference.variable
  (#not-match? @name "^[0-9]+$"))

(substitution_reference
  text: (word) @name) @reference.variable

[
  (ifdef_directive variable: (word) @name)
  (ifndef_directive variable: (word) @name)
] @reference.variable

((rule
  (targets) @_targets
  (prerequisites
    (word) @name)) @reference.target
  (#not-match? @_targets "^\\.[A-Z_]+$")
  (#not-match? @name "%"))
