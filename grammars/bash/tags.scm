; Bash tags.
; Definitions: functions in either form (`f() { }`, `function f { }`, `function f() { }`),
; nested ones included, and SCREAMING_CASE variables assigned at the top level of the script
; (plain, or via `readonly` / `export` / `declare`): the script's configuration.
; References: the name of every simple command (functions, builtins and external programs
; alike: the grammar cannot tell them apart) and expansions of SCREAMING_CASE variables.

(function_definition
  name: (word) @name) @definition.function

(program
  (variable_assignment
    name: (variable_name) @name) @definition.variable
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

(program
  (declaration_command
    (variable_assignment
      name: (variable_name) @name) @definition.variable)
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

(command
  name: (command_name
    (word) @name)) @reference.call

([
  (simple_expansion (variable_name) @name)
  (expansion (variable_name) @name)
  (expansion (subscript name: (variable_name) @name))
] @reference.variable
  (#match? @name "^[A-Z][A-Z0-9_]*$"))
