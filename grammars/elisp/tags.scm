; Emacs Lisp tags.
; Definitions: `defun` / `defsubst`, `cl-defun` / `cl-defsubst` / `cl-defgeneric` /
; `cl-defmethod`, `define-minor-mode` / `define-derived-mode` /
; `define-globalized-minor-mode` and `defalias 'name` (kind function); `defmacro` /
; `cl-defmacro` (macro); `defvar`, `defvar-local`, `defcustom` and `defface` (variable);
; `defconst` (constant); `cl-defstruct` (struct); `provide 'feature` (module).
; References: calls, i.e. the head symbol of a list in a code position: top-level forms,
; bodies of definitions, arguments of special forms and of other calls, backquote templates
; and unquotes. Parameter lists, `let` bindings, `dolist`-style specs, `cond` clauses,
; `condition-case` handler names, `declare` specs and `'quoted` data are not code; lists nested
; in a quoted list are still read as calls (the query cannot see past the quote).
; `#'name` and `(function name)` are call references too; `require 'feature` refers to a
; module.

; --- definitions ---------------------------------------------------------------------

(function_definition
  name: (symbol) @name) @definition.function

(macro_definition
  name: (symbol) @name) @definition.macro

(special_form
  "defvar"
  .
  (symbol) @name) @definition.variable

(special_form
  "defconst"
  .
  (symbol) @name) @definition.constant

((list
  .
  (symbol) @_head
  .
  (symbol) @name) @definition.function
  (#any-of? @_head
    "cl-defun" "cl-defsubst" "cl-defgeneric" "cl-defmethod"
    "define-minor-mode" "define-derived-mode" "define-globalized-minor-mode"))

((list
  .
  (symbol) @_head
  .
  (symbol) @name) @definition.macro
  (#eq? @_head "cl-defmacro"))

((list
  .
  (symbol) @_head
  .
  (symbol) @name) @definition.variable
  (#any-of? @_head "defvar-local" "defcustom" "defface"))

((list
  .
  (symbol) @_head
  .
  [
    (symbol) @name
    (list . (symbol) @name)
  ]) @definition.struct
  (#eq? @_head "cl-defstruct"))

((list
  .
  (symbol) @_head
  .
  [
    (quote (symbol) @name)
    (special_form "quote" (symbol) @name)
  ]) @definition.function
  (#eq? @_head "defalias"))

((list
  .
  (symbol) @_head
  .
  (quote (symbol) @name)) @definition.module
  (#eq? @_head "provide"))

; --- references ----------------------------------------------------------------------

((list
  .
  (symbol) @_head
  .
  (quote (symbol) @name)) @reference.module
  (#eq? @_head "require"))

; Forms at the top level, in the body of a definition, or in a backquote template.
(source_file
  (list . (symbol) @name) @reference.call)

(function_definition
  parameters: (_)
  (list . (symbol) @name) @reference.call)

(macro_definition
  parameters: (_)
  (list . (symbol) @name) @reference.call)

(quote
  "`"
  (list . (symbol) @name) @reference.call)

[
  (unquote (list . (symbol) @name))
  (unquote_splice (list . (symbol) @name))
] @reference.call

; Special forms whose arguments are all code, the bodies of `let`, `let*` and `lambda`, the
; tests and bodies of `cond` clauses, and the protected form of `condition-case`.
(special_form
  [
    "and" "catch" "defconst" "defvar" "if" "interactive" "or" "prog1" "prog2" "progn"
    "save-current-buffer" "save-excursion" "save-restriction" "setq" "setq-default"
    "unwind-protect" "while"
  ]
  (list . (symbol) @name) @reference.call)

(special_form
  ["let" "let*" "lambda"]
  .
  (list)
  (list . (symbol) @name) @reference.call)

(special_form
  "cond"
  (list
    (list . (symbol) @name) @reference.call))

(special_form
  "condition-case"
  .
  (symbol)
  .
  (list . (symbol) @name) @reference.call)

; Arguments of a call. Forms whose first argument is a binding spec (`dolist`, `if-let`, ...)
; or whose second is a parameter list (`cl-defun name (args)`) skip those arguments;
; `declare` specs, `&key (name default)` parameters and option lists such as
; `(:constructor make-point)` are not calls.
((list
  .
  (symbol) @_head
  (list . (symbol) @name) @reference.call)
  (#not-any-of? @_head
    "declare" "dolist" "dotimes" "if-let" "if-let*" "when-let" "when-let*" "and-let*"
    "pcase-let" "pcase-let*" "pcase-dolist" "cl-destructuring-bind" "with-slots"
    "cl-defun" "cl-defsubst" "cl-defmacro" "cl-defgeneric" "cl-defmethod" "cl-defstruct")
  (#not-match? @_head "^&")
  (#not-match? @name "^:"))

((list
  .
  (symbol) @_head
  .
  (list)
  (list . (symbol) @name) @reference.call)
  (#any-of? @_head
    "dolist" "dotimes" "if-let" "if-let*" "when-let" "when-let*" "and-let*"
    "pcase-let" "pcase-let*" "pcase-dolist" "cl-destructuring-bind" "with-slots"))

((list
  .
  (symbol) @_head
  .
  (symbol)
  .
  (list)
  (list . (symbol) @name) @reference.call)
  (#any-of? @_head "cl-defun" "cl-defsubst" "cl-defmacro" "cl-defgeneric"))

[
  (quote "#'" (symbol) @name)
  (special_form "function" . (symbol) @name)
] @reference.call
