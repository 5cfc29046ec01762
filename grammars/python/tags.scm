; Python: classes, functions (methods included) and module-level constants are definitions;
; calls, decorators and base classes are references.

(class_definition
  name: (identifier) @name) @definition.class

(function_definition
  name: (identifier) @name) @definition.function

(module
  (expression_statement
    (assignment
      left: (identifier) @name) @definition.constant)
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

(call
  function: [
    (identifier) @name
    (attribute attribute: (identifier) @name)
  ]) @reference.call

(class_definition
  superclasses: (argument_list
    [
      (identifier) @name
      (attribute attribute: (identifier) @name)
    ])) @reference.class

(decorator
  [
    (identifier) @name
    (attribute attribute: (identifier) @name)
    (call function: (identifier) @name)
    (call function: (attribute attribute: (identifier) @name))
  ]) @reference.call
