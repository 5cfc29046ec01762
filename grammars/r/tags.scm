; R tags.
; Definitions: functions assigned with `<-`, `<<-` or `=` (`f <- function(x)`, `f = \(x)`,
; `"%op%" <- function(a, b)`, nested ones included); SCREAMING_CASE names given a literal or a
; `c(...)` / `list(...)` value at the top level (kind constant); S4 classes
; (`setClass("Name", ...)`), reference classes (`setRefClass("Name", ...)`) and R6 classes
; (`R6Class("Name", ...)`, `R6::R6Class(...)`), all kind class; S4 generics
; (`setGeneric("name", ...)`; kind function) and methods (`setMethod("name", ...)`; kind
; method); and the methods in an R6 class's `public` / `private` / `active` lists or a
; reference class's `methods` list (kind method).
; References: calls, by the last name of the callee (`f()`, `pkg::f()`, `obj$f()`, `obj@f()`),
; custom infix operators (`a %||% b`; kind call); packages (`library(pkg)`, `require(pkg)`,
; `requireNamespace("pkg")`, `pkg::`; kind module); classes instantiated (`new("Name")`,
; `Name$new()`; kind class).

; --- definitions ---------------------------------------------------------------------

(binary_operator
  lhs: [
    (identifier) @name
    (string (string_content) @name)
  ]
  operator: ["<-" "<<-" "="]
  rhs: (function_definition)) @definition.function

(program
  (binary_operator
    lhs: (identifier) @name
    operator: ["<-" "="]
    rhs: [
      (float) (integer) (complex) (string) (true) (false) (null) (na) (inf) (nan)
      (unary_operator)
    ]) @definition.constant
  (#match? @name "^[A-Z][A-Z0-9_.]*$"))

((program
  (binary_operator
    lhs: (identifier) @name
    operator: ["<-" "="]
    rhs: (call function: (identifier) @_ctor)) @definition.constant)
  (#match? @name "^[A-Z][A-Z0-9_.]*$")
  (#any-of? @_ctor "c" "list"))

((call
  function: [
    (identifier) @_fn
    (namespace_operator rhs: (identifier) @_fn)
  ]
  arguments: (arguments
    .
    (argument
      value: (string (string_content) @name)))) @definition.class
  (#any-of? @_fn "setClass" "setRefClass" "R6Class"))

((call
  function: (identifier) @_fn
  arguments: (arguments
    .
    (argument
      value: (string (string_content) @name)))) @definition.function
  (#eq? @_fn "setGeneric"))

((call
  function: (identifier) @_fn
  arguments: (arguments
    .
    (argument
      value: (string (string_content) @name)))) @definition.method
  (#eq? @_fn "setMethod"))

((call
  function: [
    (identifier) @_fn
    (namespace_operator rhs: (identifier) @_fn)
  ]
  arguments: (arguments
    (argument
      name: (identifier) @_section
      value: (call
        function: (identifier) @_list
        arguments: (arguments
          (argument
            name: (identifier) @name
            value: (function_definition))) @definition.method))))
  (#any-of? @_fn "R6Class" "setRefClass")
  (#any-of? @_section "public" "private" "active" "methods")
  (#eq? @_list "list"))

; --- references ----------------------------------------------------------------------

(call
  function: [
    (identifier) @name
    (namespace_operator rhs: (identifier) @name)
    (extract_operator rhs: (identifier) @name)
  ]) @reference.call

(binary_operator
  operator: "special" @name) @reference.call

((call
  function: (identifier) @_fn
  arguments: (arguments
    .
    (argument
      value: [
        (identifier) @name
        (string (string_content) @name)
      ]))) @reference.module
  (#any-of? @_fn "library" "require" "requireNamespace" "loadNamespace"))

(namespace_operator
  lhs: (identifier) @name) @reference.module

((call
  function: (identifier) @_fn
  arguments: (arguments
    .
    (argument
      value: (string (string_content) @name)))) @reference.class
  (#eq? @_fn "new"))

((call
  function: (extract_operator
    lhs: (identifier) @name
    rhs: (identifier) @_new)) @reference.class
  (#eq? @_new "new"))
