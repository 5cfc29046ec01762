; PowerShell tags.
; Definitions: functions and filters (`function Verb-Noun`, nested ones included), classes,
; enums, class methods, and class constructors (a method named after its class).
; Properties are left out: the grammar gives them only as `$Name` variables, which never
; match the `.Name` member accesses that use them.
; References: command invocations (`Get-Thing -Arg x`), method invocations (`$x.Do()`,
; `[T]::Parse()`, except `::new`, which is the type's reference), base classes, and type
; names in type positions (casts, `[T]::member`, declared types, attributes); for a qualified
; type such as `[System.IO.File]` only its last segment is tagged.

(function_statement
  (function_name) @name) @definition.function

(class_statement
  .
  (simple_name) @name) @definition.class

(enum_statement
  .
  (simple_name) @name) @definition.enum

((class_statement
  .
  (simple_name) @_class
  (class_method_definition
    (simple_name) @name) @definition.constructor)
  (#eq? @name @_class))

((class_statement
  .
  (simple_name) @_class
  (class_method_definition
    (simple_name) @name) @definition.method)
  (#not-eq? @name @_class))

(command
  command_name: (command_name) @name) @reference.call

((invokation_expression
  (member_name
    (simple_name) @name)) @reference.call
  (#not-eq? @name "new"))

(class_statement
  .
  (simple_name)
  (simple_name) @name) @reference.class

[
  (type_spec (type_name (type_identifier) @name))
  (generic_type_name (type_name (type_identifier) @name))
  (array_type_name (type_name (type_identifier) @name))
] @reference.type
