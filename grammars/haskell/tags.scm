; Haskell (tree-sitter-haskell 0.23).
; Definitions: the module header; top-level functions and values, tagged once each: at their
; type signature when they have one, otherwise at their first equation (an equation directly
; after a signature or an equation of the same name is not tagged again); operator signatures;
; class method signatures; data/newtype/type synonym/class names; data constructors and record
; fields; instances (named by their class).
; References: function applications (plain and qualified), functions composed with `.` or
; applied with `$`, backtick and custom operator uses, constructors in expressions and patterns,
; type names in types, deriving clauses and instance heads, imported and qualifying modules.

; ---------------------------------------------------------------- definitions

(header
  module: (module) @name) @definition.module

(declarations
  (signature
    name: (variable) @name) @definition.function)

(declarations
  (signature
    names: (binding_list
      name: (variable) @name)) @definition.function)

(declarations
  (signature
    name: (prefix_id
      (operator) @name)) @definition.operator)

; A function or value with no signature: the first declaration of the file...
(declarations
  .
  [
    (function name: (variable) @name)
    (bind name: (variable) @name)
  ] @definition.function)

; ...or one following a signature/equation of another name...
(declarations
  [
    (signature name: (variable) @_previous)
    (function name: (variable) @_previous)
    (bind name: (variable) @_previous)
  ]
  .
  [
    (function name: (variable) @name)
    (bind name: (variable) @name)
  ] @definition.function
  (#not-eq? @_previous @name))

; ...or one following any other kind of declaration or a comment. (Not a pragma: `{-# INLINE f #-}`
; often sits between a signature and its equations.)
(declarations
  [
    (class) (data_family) (data_instance) (data_type) (default_types) (deriving_instance)
    (fixity) (foreign_export) (foreign_import) (instance) (kind_signature) (newtype)
    (pattern_synonym) (role_annotation) (top_splice) (type_family) (type_instance)
    (type_synomym) (comment) (haddock)
  ]
  .
  [
    (function name: (variable) @name)
    (bind name: (variable) @name)
  ] @definition.function)

(class_declarations
  (signature
    name: (variable) @name) @definition.function)

(data_type
  name: (name) @name) @definition.type

(newtype
  name: (name) @name) @definition.type

(type_synomym
  name: (name) @name) @definition.type

(type_family
  name: (name) @name) @definition.type

(data_family
  name: (name) @name) @definition.type

(class
  name: (name) @name) @definition.class

(instance
  name: (name) @name) @definition.instance

(data_constructor
  constructor: [
    (prefix name: (constructor) @name)
    (record name: (constructor) @name)
    (infix operator: (constructor_operator) @name)
  ]) @definition.constructor

(newtype_constructor
  name: (constructor) @name) @definition.constructor

(gadt_constructor
  name: (constructor) @name) @definition.constructor

(data_constructor
  constructor: (record
    fields: (fields
      (field
        name: (field_name
          (variable) @name))))) @definition.field

(newtype_constructor
  field: (record
    (field
      name: (field_name
        (variable) @name)))) @definition.field

; ---------------------------------------------------------------- references

(apply
  function: [
    (variable) @name
    (qualified id: (variable) @name)
  ]) @reference.call

; Functions passed through composition or `$`.
(infix
  left_operand: [
    (variable) @name
    (qualified id: (variable) @name)
  ]
  operator: (operator) @_operator
  (#any-of? @_operator "." "$")) @reference.call

(infix
  operator: (operator) @_operator
  right_operand: [
    (variable) @name
    (qualified id: (variable) @name)
  ]
  (#eq? @_operator ".")) @reference.call

; Operators applied in expressions (common Prelude operators left out) and functions used as
; backtick operators. The left-hand side of an infix equation (`x |> y = ...`) has the same
; shape, so it counts as a use too: telling the two apart means listing every expression
; context, which costs ~0.3 s of query compilation with this grammar.
((infix
  operator: (operator) @name) @reference.operator
  (#not-match? @name "^([.$+*/-]|\\+\\+|[=/<>]=|[<>]|&&|\\|\\||<[$*>]>|>>=?|<>|::)$"))

((left_section
  operator: (operator) @name) @reference.operator
  (#not-match? @name "^([.$+*/-]|\\+\\+|[=/<>]=|[<>]|&&|\\|\\||<[$*>]>|>>=?|<>|::)$"))

((right_section
  .
  (operator) @name) @reference.operator
  (#not-match? @name "^([.$+*/-]|\\+\\+|[=/<>]=|[<>]|&&|\\|\\||<[$*>]>|>>=?|<>|::)$"))

(infix
  operator: (infix_id
    [
      (variable) @name
      (qualified id: (variable) @name)
    ])) @reference.call

(left_section
  operator: (infix_id
    (variable) @name)) @reference.call

(right_section
  .
  (infix_id
    (variable) @name)) @reference.call

(apply
  [
    (constructor) @name
    (qualified id: (constructor) @name)
  ]) @reference.constructor

; Record construction (an expression) and record patterns.
(record
  [
    expression: (constructor) @name
    constructor: (constructor) @name
  ]) @reference.constructor

([
  (match expression: (constructor) @name)
  (patterns (constructor) @name)
  (infix left_operand: (constructor) @name)
  (infix right_operand: (constructor) @name)
  (tuple (constructor) @name)
  (list (constructor) @name)
]) @reference.constructor

; Type names wherever a type is written.
(signature type: (name) @name) @reference.type
(function parameter: (name) @name) @reference.type
(function result: (name) @name) @reference.type
(apply constructor: (name) @name) @reference.type
(apply argument: (name) @name) @reference.type
(list element: (name) @name) @reference.type
(tuple (name) @name) @reference.type
(parens (name) @name) @reference.type
(field type: (name) @name) @reference.type
(newtype_constructor field: (field (name) @name)) @reference.type
(strict_field type: (name) @name) @reference.type
(type_synomym type: (name) @name) @reference.type
(type_patterns (name) @name) @reference.type
(deriving classes: (name) @name) @reference.type
(prefix field: (name) @name) @reference.type
(qualified module: (module) id: (name) @name) @reference.type

(import
  module: (module) @name) @reference.module

(qualified
  module: (module
    (module_id) @name .)) @reference.module
