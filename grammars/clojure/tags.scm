; Clojure tags. Clojure has no definition syntax of its own: a definition is a list whose head
; symbol is a defining macro and whose next symbol is the name.
; Definitions: `defn` / `defn-` / `defmulti` (function), `defmacro` (macro), `def` / `defonce`
; (variable), `defrecord` / `deftype` (class), `defprotocol` (interface) and the method
; signatures listed in it (method), `defmethod` implementations (method), `ns` (module).
; References: the head symbol of every other list, i.e. calls (`(str/join …)` refers to `join`);
; protocol method signatures read as calls too (a query cannot look at a list's parent form).

; --- definitions ---------------------------------------------------------------------

((list_lit
  .
  (sym_lit name: (sym_name) @_head)
  .
  (sym_lit name: (sym_name) @name)) @definition.function
  (#any-of? @_head "defn" "defn-" "defmulti"))

((list_lit
  .
  (sym_lit name: (sym_name) @_head)
  .
  (sym_lit name: (sym_name) @name)) @definition.macro
  (#eq? @_head "defmacro"))

((list_lit
  .
  (sym_lit name: (sym_name) @_head)
  .
  (sym_lit name: (sym_name) @name)) @definition.variable
  (#any-of? @_head "def" "defonce"))

((list_lit
  .
  (sym_lit name: (sym_name) @_head)
  .
  (sym_lit name: (sym_name) @name)) @definition.class
  (#any-of? @_head "defrecord" "deftype"))

((list_lit
  .
  (sym_lit name: (sym_name) @_head)
  .
  (sym_lit name: (sym_name) @name)) @definition.interface
  (#eq? @_head "defprotocol"))

((list_lit
  .
  (sym_lit name: (sym_name) @_head)
  .
  (sym_lit)
  (list_lit . (sym_lit name: (sym_name) @name)) @definition.method)
  (#eq? @_head "defprotocol"))

((list_lit
  .
  (sym_lit name: (sym_name) @_head)
  .
  (sym_lit name: (sym_name) @name)) @definition.method
  (#eq? @_head "defmethod"))

((list_lit
  .
  (sym_lit name: (sym_name) @_head)
  .
  (sym_lit name: (sym_name) @name)) @definition.module
  (#eq? @_head "ns"))

; --- references ----------------------------------------------------------------------

; Calls; the defining forms' heads and protocol signatures are not.
((list_lit
  .
  (sym_lit name: (sym_name) @name)) @reference.call
  (#not-any-of? @name
    "def" "defonce" "defn" "defn-" "defmulti" "defmacro" "defmethod" "defrecord" "deftype"
    "defprotocol" "ns"))
