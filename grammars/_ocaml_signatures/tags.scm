; The patterns OCaml implementations (.ml) and interfaces (.mli) share, inherited by both
; (`; inherits: _ocaml_signatures`): declarations that read the same in a structure and in a
; signature (`val`, `external`, types, exceptions, modules, classes) and the paths that refer to
; modules, types and classes.

(external
  (value_name) @name) @definition.function

(value_specification
  (value_name) @name
  type: (_) @_type
  (#match? @_type "->")) @definition.function

(value_specification
  (value_name) @name
  type: (_) @_type
  (#not-match? @_type "->")) @definition.value

(value_specification
  (parenthesized_operator
    (_) @name)) @definition.operator

(type_binding
  name: (type_constructor) @name) @definition.type

(variant_declaration
  (constructor_declaration
    (constructor_name) @name)) @definition.constructor

(record_declaration
  (field_declaration
    (field_name) @name)) @definition.field

(exception_definition
  (constructor_declaration
    (constructor_name) @name)) @definition.exception

(module_binding
  (module_name) @name) @definition.module

(module_type_definition
  (module_type_name) @name) @definition.module_type

(class_binding
  (class_name) @name) @definition.class

(class_type_binding
  (class_type_name) @name) @definition.class

(module_path
  (module_name) @name) @reference.module

(extended_module_path
  (module_name) @name) @reference.module

(module_type_path
  (module_type_name) @name) @reference.module_type

(type_constructor_path
  (type_constructor) @name) @reference.type

(class_path
  (class_name) @name) @reference.class
