; C tags.
; Definitions: functions (bodies and prototypes, whatever pointer nesting wraps the name),
; named struct/union/enum with a body, typedef names, and #define macros (object-like and
; function-like).
; References: calls (`f()`, `p->f()`, `s.f()`) and types named in declarations, casts and
; sizeof (`type_identifier` in a `type:` field, and `struct/union/enum X` without a body).

; --- definitions ---------------------------------------------------------------------

; A function declarator whose name is a plain identifier: `f(...)`, also under `*f(...)`,
; `**f(...)` or `(*f(...))(...)`. Function pointers name a parenthesized declarator instead,
; and struct members a field_identifier, so neither matches.
(function_declarator
  declarator: (identifier) @name) @definition.function

; Recovery: `static void __cold f(void)` (an attribute macro before the name) parses as a
; function of type `f` whose declarator is `(void)`.
(function_definition
  type: (type_identifier) @name
  declarator: (parenthesized_declarator (identifier) @_void)
  (#eq? @_void "void")) @definition.function

(preproc_def
  name: (identifier) @name) @definition.macro

(preproc_function_def
  name: (identifier) @name) @definition.macro

(struct_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.struct

(union_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.union

(enum_specifier
  name: (type_identifier) @name
  body: (enumerator_list)) @definition.enum

; Typedef names: a declarator holding a type_identifier only occurs inside a typedef
; (`typedef T name;`, `*name`, `name[4]`, `name(...)`, `(*name)(...)`).
(type_definition
  declarator: (type_identifier) @name) @definition.type

(pointer_declarator
  declarator: (type_identifier) @name) @definition.type

(array_declarator
  declarator: (type_identifier) @name) @definition.type

(function_declarator
  declarator: (type_identifier) @name) @definition.type

; --- references ----------------------------------------------------------------------

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (field_expression
    field: (field_identifier) @name)) @reference.call

(declaration
  type: (type_identifier) @name) @reference.type

(field_declaration
  type: (type_identifier) @name) @reference.type

(parameter_declaration
  type: (type_identifier) @name) @reference.type

(function_definition
  type: (type_identifier) @name
  declarator: [(function_declarator) (pointer_declarator) (attributed_declarator)]) @reference.type

(type_definition
  type: (type_identifier) @name) @reference.type

(type_descriptor
  type: (type_identifier) @name) @reference.type

(struct_specifier
  name: (type_identifier) @name
  !body) @reference.type

(union_specifier
  name: (type_identifier) @name
  !body) @reference.type

(enum_specifier
  name: (type_identifier) @name
  !body) @reference.type
