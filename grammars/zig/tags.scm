; Zig: `const X = struct/enum/union/opaque {...}` (struct, enum, union, type), error sets and
; type aliases of builtin, pointer, slice, optional, array, error-union and function types
; (type), functions (`fn`, at top level or in a container), struct fields (property) and
; container-level `const` values (constant: literals and expressions; `@import` results and
; plain aliases such as `const Allocator = std.mem.Allocator;` are not definitions) are
; definitions. `test "..."` blocks have no identifier and are not tagged.
; References: calls `f(...)`, `a.b.f(...)` (call; `std.ArrayList(T)` is a call too) and type
; names in parameters, return types, fields, declarations, pointer/slice/optional/array/error
; union types and struct literals `T{...}` (type; of `a.b.T` only `T`).

(variable_declaration
  (identifier) @name
  (struct_declaration)) @definition.struct

(variable_declaration
  (identifier) @name
  (enum_declaration)) @definition.enum

(variable_declaration
  (identifier) @name
  (union_declaration)) @definition.union

(variable_declaration
  "const"
  (identifier) @name
  [
    (opaque_declaration)
    (error_set_declaration)
    (function_signature)
    (builtin_type)
    (pointer_type)
    (slice_type)
    (nullable_type)
    (array_type)
    (error_union_type)
  ] .) @definition.type

(function_declaration
  name: (identifier) @name) @definition.function

(struct_declaration
  (container_field
    name: (identifier) @name) @definition.property)

; Constants at top level or in a struct body (not locals of a function block); the value,
; the last child, is a literal or an expression, not a type, an `@import` or a plain alias.
[
  (source_file
    (variable_declaration
      "const"
      (identifier) @name
      [
        (integer)
        (float)
        (string)
        (multiline_string)
        (character)
        (boolean)
        (unary_expression)
        (binary_expression)
        (call_expression)
        (struct_initializer)
        (anonymous_struct_initializer)
        (parenthesized_expression)
        (if_expression)
        (switch_expression)
        (comptime_expression)
        (block_expression)
      ] .) @definition.constant)
  (struct_declaration
    (variable_declaration
      "const"
      (identifier) @name
      [
        (integer)
        (float)
        (string)
        (multiline_string)
        (character)
        (boolean)
        (unary_expression)
        (binary_expression)
        (call_expression)
        (struct_initializer)
        (anonymous_struct_initializer)
        (parenthesized_expression)
        (if_expression)
        (switch_expression)
        (comptime_expression)
        (block_expression)
      ] .) @definition.constant)
]

(call_expression
  function: [
    (identifier) @name
    (field_expression member: (identifier) @name)
  ]) @reference.call

[
  (_ type: (identifier) @name)
  (_ type: (field_expression member: (identifier) @name))
  (pointer_type (identifier) @name .)
  (slice_type (identifier) @name .)
  (nullable_type (identifier) @name .)
  (array_type (identifier) @name .)
  (error_union_type error: (identifier) @name)
  (error_union_type ok: (identifier) @name)
  (struct_initializer . (identifier) @name)
] @reference.type
