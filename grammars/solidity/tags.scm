; Solidity: contracts, interfaces, libraries, functions (contract members and free functions),
; modifiers, events, custom errors, structs, enums, user-defined value types (type), state
; variables (property; `constant` ones and file-level constants: constant) are definitions.
; Constructors, `receive` and `fallback` have no name and are not tagged.
; References: calls `f(...)`, `a.f(...)`, `a.f{value: v}(...)` (call), `emit E(...)` (event),
; `revert E(...)` (error), modifier invocations on functions (modifier; on a constructor they
; are mostly base-constructor calls: call), and user-defined type names in declarations,
; parameters, return types, `new C(...)`, inheritance lists and `using L for T` (type; of
; `L.T` only `T`).

(contract_declaration
  name: (identifier) @name) @definition.contract

(interface_declaration
  name: (identifier) @name) @definition.interface

(library_declaration
  name: (identifier) @name) @definition.library

(function_definition
  name: (identifier) @name) @definition.function

(modifier_definition
  name: (identifier) @name) @definition.modifier

(event_definition
  name: (identifier) @name) @definition.event

(error_declaration
  name: (identifier) @name) @definition.error

(struct_declaration
  name: (identifier) @name) @definition.struct

(enum_declaration
  name: (identifier) @name) @definition.enum

(user_defined_type_definition
  name: (identifier) @name) @definition.type

; State variables; `constant` comes before the name (a mapping type's `=>` ends the search
; early, and mappings cannot be constant).
((state_variable_declaration
  name: (identifier) @name) @definition.constant @_declaration
  (#match? @_declaration "^[^=;]*\\bconstant\\b"))

((state_variable_declaration
  name: (identifier) @name) @definition.property @_declaration
  (#not-match? @_declaration "^[^=;]*\\bconstant\\b"))

(constant_variable_declaration
  name: (identifier) @name) @definition.constant

; Calls; call options `{value: v}` wrap the callee in a struct_expression.
(call_expression
  function: [
    (identifier) @name
    (member_expression property: (identifier) @name)
    (struct_expression type: (identifier) @name)
    (struct_expression type: (member_expression property: (identifier) @name))
  ]) @reference.call

(emit_statement
  name: [
    (identifier) @name
    (member_expression property: (identifier) @name)
  ]) @reference.event

(revert_statement
  error: [
    (identifier) @name
    (member_expression property: (identifier) @name)
  ]) @reference.error

(function_definition
  (modifier_invocation
    (identifier) @name .)) @reference.modifier

(constructor_definition
  (modifier_invocation
    (identifier) @name .)) @reference.call

; Type names, the contract of `new C(...)` included.
[
  (type_name
    (user_defined_type
      (identifier) @name .))
  (inheritance_specifier
    ancestor: (user_defined_type
      (identifier) @name .))
  (using_directive
    (type_alias
      (identifier) @name .))
] @reference.type
