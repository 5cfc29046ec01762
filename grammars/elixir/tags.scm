; Elixir: modules (`defmodule`, named by the alias as written: `Shapes.Circle`), protocols
; (`defprotocol`), functions (`def`, `defp`, `defdelegate`), macros (`defmacro`, `defmacrop`,
; `defguard`, `defguardp`) and module attributes that hold a value (`@max_retries 3`: constant;
; `@doc`, `@spec`, `@type` and the other built-in attributes are not definitions) are
; definitions; a head with a guard (`def f(x) when ...`) or without parentheses counts too.
; References: local calls `f(...)` and captures `&f/1` (call), remote calls `Mod.f(...)`,
; `mod.f(...)`, `:erlang.f(...)` and `&Mod.f/1` (call, the function name), module names that
; are called into, aliased, imported, required, used, built as structs `%Mod{}` or implemented
; by `defimpl` (module), and module attribute reads `@name` (constant).
; Everything in Elixir is a call: a definition's head is a call too, so local calls are
; matched by their parent, and a call that is the first argument of `def`-like macros (the
; head), the left side of `when` (a guarded head) or of `::` (in a typespec) is not a
; reference. Typespec types written as calls (`float()`, `String.t()`) are call references. Special forms and definition macros
; (`if`, `case`, `quote`, `alias`, `def`, ...) are not references.

(call
  target: (identifier) @_keyword
  (arguments
    .
    (alias) @name)
  (#eq? @_keyword "defmodule")) @definition.module

(call
  target: (identifier) @_keyword
  (arguments
    .
    (alias) @name)
  (#eq? @_keyword "defprotocol")) @definition.protocol

(call
  target: (identifier) @_keyword
  (arguments
    .
    [
      (call target: (identifier) @name)
      (identifier) @name
      (binary_operator
        left: [
          (call target: (identifier) @name)
          (identifier) @name
        ]
        operator: "when")
    ])
  (#any-of? @_keyword "def" "defp" "defdelegate")) @definition.function

(call
  target: (identifier) @_keyword
  (arguments
    .
    [
      (call target: (identifier) @name)
      (identifier) @name
      (binary_operator
        left: [
          (call target: (identifier) @name)
          (identifier) @name
        ]
        operator: "when")
    ])
  (#any-of? @_keyword "defmacro" "defmacrop" "defguard" "defguardp")) @definition.macro

(unary_operator
  operator: "@"
  operand: (call
    target: (identifier) @name
    (arguments))
  (#not-any-of? @name
    "moduledoc" "doc" "typedoc" "spec" "type" "typep" "opaque" "callback" "macrocallback"
    "impl" "behaviour" "derive" "enforce_keys" "optional_callbacks" "deprecated" "since"
    "compile" "dialyzer" "on_load" "on_definition" "before_compile" "after_compile"
    "external_resource" "file" "vsn" "fallback_to_any")) @definition.constant

; Local calls in ordinary positions.
([
  (source (call target: (identifier) @name))
  (block (call target: (identifier) @name))
  (do_block (call target: (identifier) @name))
  (after_block (call target: (identifier) @name))
  (rescue_block (call target: (identifier) @name))
  (catch_block (call target: (identifier) @name))
  (else_block (call target: (identifier) @name))
  (body (call target: (identifier) @name))
  (list (call target: (identifier) @name))
  (tuple (call target: (identifier) @name))
  (bitstring (call target: (identifier) @name))
  (map_content (call target: (identifier) @name))
  (pair value: (call target: (identifier) @name))
  (interpolation (call target: (identifier) @name))
  (access_call (call target: (identifier) @name))
  (dot left: (call target: (identifier) @name))
  (binary_operator right: (call target: (identifier) @name))
  ; An argument after the first one.
  (arguments (_) (call target: (identifier) @name))
] @reference.call
  (#not-any-of? @name
    "def" "defp" "defmacro" "defmacrop" "defguard" "defguardp" "defdelegate" "defmodule"
    "defprotocol" "defimpl" "defstruct" "defexception" "defoverridable" "alias" "import"
    "require" "use" "quote" "unquote" "unquote_splicing" "if" "unless" "case" "cond" "with"
    "for" "receive" "try" "fn" "super" "__MODULE__"))

; The first argument of a call that is not a definition macro (whose first argument is the
; head being defined).
((call
  target: (identifier) @_outer
  (arguments
    .
    (call target: (identifier) @name))) @reference.call
  (#not-any-of? @_outer
    "def" "defp" "defmacro" "defmacrop" "defguard" "defguardp" "defdelegate")
  (#not-any-of? @name
    "if" "unless" "case" "cond" "with" "for" "receive" "try" "quote" "unquote"))

(call
  target: (dot)
  (arguments
    .
    (call target: (identifier) @name))) @reference.call

; The left side of an operator other than `when` (a guarded head) and `::` (the function
; named by a `@spec` / `@callback`).
((binary_operator
  left: (call target: (identifier) @name)
  operator: _ @_operator) @reference.call
  (#not-any-of? @_operator "when" "::"))

; An operand of a unary operator other than `@` (an attribute definition).
((unary_operator
  operator: _ @_operator
  operand: (call target: (identifier) @name)) @reference.call
  (#not-eq? @_operator "@"))

; `&name/arity`
(unary_operator
  operator: "&"
  operand: (binary_operator
    left: (identifier) @name
    operator: "/")) @reference.call

; Remote calls: `Mod.f` with or without arguments, `expr.f(...)` with arguments only
; (`map.field` is a field access).
(call
  target: (dot
    left: (alias)
    right: (identifier) @name)) @reference.call

(call
  target: (dot
    left: [
      (identifier)
      (atom)
      (call)
    ]
    right: (identifier) @name)
  (arguments)) @reference.call

(call
  target: (dot
    left: (alias) @name)) @reference.module

(struct
  (alias) @name) @reference.module

((call
  target: (identifier) @_keyword
  (arguments
    .
    (alias) @name)) @reference.module
  (#any-of? @_keyword "alias" "import" "require" "use" "defimpl"))

((call
  target: (identifier) @_keyword
  (arguments
    (keywords
      (pair
        key: (keyword) @_key
        value: (alias) @name)))) @reference.module
  (#eq? @_keyword "defimpl")
  (#match? @_key "^for:"))

(unary_operator
  operator: "@"
  operand: (identifier) @name) @reference.constant
