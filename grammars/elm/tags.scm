; Elm tags.
; Definitions: the module (module), `type alias` and custom types (type), their variants
; (constructor), and top-level values and functions (function).
; References: called functions and functions in `|>` / `<|` pipelines (call; the last name of a
; qualified `List.map`), and types named in annotations and type definitions (type).

; --- definitions ---------------------------------------------------------------------

(module_declaration
  name: (upper_case_qid) @name) @definition.module

(type_alias_declaration
  name: (upper_case_identifier) @name) @definition.type

(type_declaration
  name: (upper_case_identifier) @name) @definition.type

(union_variant
  name: (upper_case_identifier) @name) @definition.constructor

(value_declaration
  functionDeclarationLeft: (function_declaration_left
    .
    (lower_case_identifier) @name)) @definition.function

; --- references ----------------------------------------------------------------------

(function_call_expr
  target: (value_expr
    name: (value_qid (lower_case_identifier) @name .))) @reference.call

(bin_op_expr
  (value_expr
    name: (value_qid (lower_case_identifier) @name .)) @reference.call)

(type_ref
  (upper_case_qid (upper_case_identifier) @name .)) @reference.type
