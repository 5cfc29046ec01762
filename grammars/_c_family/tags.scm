; The patterns C and C++ share, inherited by both (`; inherits: _c_family`): the C syntax
; both grammars parse with the same node types. C++ adds classes, namespaces, templates and
; qualified names.

; A function declarator whose name is a plain identifier: `f(...)`, also under `*f(...)`,
; `**f(...)` or `(*f(...))(...)`. Function pointers name a parenthesized declarator instead,
; and struct members a field_identifier, so neither matches.
(function_declarator
  declarator: (identifier) @name) @definition.function

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

(declaration
  type: (type_identifier) @name) @reference.type

(field_declaration
  type: (type_identifier) @name) @reference.type

(parameter_declaration
  type: (type_identifier) @name) @reference.type

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
