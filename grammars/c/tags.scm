; C tags.
; Definitions: functions (bodies and prototypes, whatever pointer nesting wraps the name),
; named struct/union/enum with a body, typedef names, and #define macros (object-like and
; function-like).
; References: calls (`f()`, `p->f()`, `s.f()`) and types named in declarations, casts and
; sizeof (`type_identifier` in a `type:` field, and `struct/union/enum X` without a body).
; inherits: _c_family

; --- definitions ---------------------------------------------------------------------

; Recovery: `static void __cold f(void)` (an attribute macro before the name) parses as a
; function of type `f` whose declarator is `(void)`.
(function_definition
  type: (type_identifier) @name
  declarator: (parenthesized_declarator (identifier) @_void)
  (#eq? @_void "void")) @definition.function

; --- references ----------------------------------------------------------------------

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (field_expression
    field: (field_identifier) @name)) @reference.call

(function_definition
  type: (type_identifier) @name
  declarator: [(function_declarator) (pointer_declarator) (attributed_declarator)]) @reference.type
