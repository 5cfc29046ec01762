; Java: classes, interfaces, annotation types, enums, records, methods, constructors (compact
; record constructors included) and constants (`static final` fields, interface constants) are
; definitions; method invocations, method references and type names used in type positions
; (declarations, signatures, `new`, extends/implements, bounds, throws, catch, annotations)
; are references. `var` is not a type reference.

(class_declaration
  name: (identifier) @name) @definition.class

(interface_declaration
  name: (identifier) @name) @definition.interface

(annotation_type_declaration
  name: (identifier) @name) @definition.interface

(enum_declaration
  name: (identifier) @name) @definition.enum

(record_declaration
  name: (identifier) @name) @definition.record

(method_declaration
  name: (identifier) @name) @definition.method

(constructor_declaration
  name: (identifier) @name) @definition.constructor

(annotation_type_element_declaration
  name: (identifier) @name) @definition.method

(compact_constructor_declaration
  name: (identifier) @name) @definition.constructor

(field_declaration
  (modifiers) @_modifiers
  declarator: (variable_declarator
    name: (identifier) @name)
  (#match? @_modifiers "\\bstatic\\b")
  (#match? @_modifiers "\\bfinal\\b")) @definition.constant

(constant_declaration
  declarator: (variable_declarator
    name: (identifier) @name)) @definition.constant

(method_invocation
  name: (identifier) @name) @reference.call

; `Type::method`, `this::method`; a constructor reference `Type::new` has no method name.
(method_reference
  (_)
  (identifier) @name .) @reference.call

([
  (_ type: (type_identifier) @name)
  (_ element: (type_identifier) @name)
  (instanceof_expression right: (type_identifier) @name)
  (generic_type (type_identifier) @name)
  (type_arguments (type_identifier) @name)
  (type_list (type_identifier) @name)
  (superclass (type_identifier) @name)
  (type_bound (type_identifier) @name)
  (throws (type_identifier) @name)
  (catch_type (type_identifier) @name)
  ; Qualified names (`Map.Entry`): only the last part of the outermost name.
  (_ type: (scoped_type_identifier (type_identifier) @name .))
  (_ element: (scoped_type_identifier (type_identifier) @name .))
  (generic_type (scoped_type_identifier (type_identifier) @name .))
  (type_arguments (scoped_type_identifier (type_identifier) @name .))
  (type_list (scoped_type_identifier (type_identifier) @name .))
  (superclass (scoped_type_identifier (type_identifier) @name .))
] @reference.type
  (#not-eq? @name "var"))

(marker_annotation
  name: [
    (identifier) @name
    (scoped_identifier name: (identifier) @name)
  ]) @reference.type

(annotation
  name: [
    (identifier) @name
    (scoped_identifier name: (identifier) @name)
  ]) @reference.type
