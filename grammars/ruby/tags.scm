; Ruby tags.
; Definitions: classes, modules (`Foo` or `A::Foo`), methods (`def x`, `def self.x`, setters
; and operators, all kind method) and constants assigned anywhere (Ruby only allows that at
; class, module or top level).
; References: method calls that have a receiver, arguments or a block (a bare `name` is left
; out: it reads the same as a local variable), and constants used. `new` is never a reference:
; it is Class#new, so `Item.new` names `Item` (captured as the receiver), not the few files
; that define `self.new`, which otherwise drew rank from every constructor call. A constant is
; a class when it is a receiver (`Foo.new`), a superclass or a rescued exception; the left side
; of `A::B` is a module; elsewhere (arguments, operands, defaults, `when`, ...) CamelCase names
; are classes and SCREAMING_CASE names are constants.

; --- definitions ---------------------------------------------------------------------

(class
  name: [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @definition.class

(module
  name: [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @definition.module

(method
  name: (_) @name) @definition.method

(singleton_method
  name: (_) @name) @definition.method

(assignment
  left: [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @definition.constant

; --- references ----------------------------------------------------------------------

((call
  receiver: (_)
  method: (identifier) @name) @reference.call
  (#not-eq? @name "new"))

((call
  method: (identifier) @name
  arguments: (argument_list)) @reference.call
  (#not-eq? @name "new"))

((call
  method: (identifier) @name
  block: (_)) @reference.call
  (#not-eq? @name "new"))

(call
  receiver: [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @reference.class

(superclass
  [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @reference.class

(exceptions
  [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @reference.class

(scope_resolution
  scope: [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @reference.module

; Constants used as values: the same places twice, split by naming convention.
([
  (argument_list [(constant) @name (scope_resolution name: (constant) @name)])
  (binary [(constant) @name (scope_resolution name: (constant) @name)])
  (assignment right: [(constant) @name (scope_resolution name: (constant) @name)])
  (optional_parameter value: [(constant) @name (scope_resolution name: (constant) @name)])
  (keyword_parameter value: [(constant) @name (scope_resolution name: (constant) @name)])
  (pair value: [(constant) @name (scope_resolution name: (constant) @name)])
  (array [(constant) @name (scope_resolution name: (constant) @name)])
  (pattern [(constant) @name (scope_resolution name: (constant) @name)])
  (element_reference object: [(constant) @name (scope_resolution name: (constant) @name)])
] @reference.constant
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

([
  (argument_list [(constant) @name (scope_resolution name: (constant) @name)])
  (binary [(constant) @name (scope_resolution name: (constant) @name)])
  (assignment right: [(constant) @name (scope_resolution name: (constant) @name)])
  (optional_parameter value: [(constant) @name (scope_resolution name: (constant) @name)])
  (keyword_parameter value: [(constant) @name (scope_resolution name: (constant) @name)])
  (pair value: [(constant) @name (scope_resolution name: (constant) @name)])
  (array [(constant) @name (scope_resolution name: (constant) @name)])
  (pattern [(constant) @name (scope_resolution name: (constant) @name)])
  (element_reference object: [(constant) @name (scope_resolution name: (constant) @name)])
] @reference.class
  (#not-match? @name "^[A-Z][A-Z0-9_]*$"))
