; OCaml interface files (.mli, tree-sitter-ocaml 0.24 interface grammar).
; Definitions: `val` declarations (functions when their type has an arrow, values otherwise;
; operators), externals, types with their constructors and record fields, exceptions, modules
; and functors (nested signatures included), module types, classes and class types with their
; methods.
; References: type constructors, every module in a module path (`open`, `M.t`), module types,
; classes.

; ---------------------------------------------------------------- definitions

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

(external
  (value_name) @name) @definition.function

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

(method_specification
  (method_name) @name) @definition.method

; ---------------------------------------------------------------- references

(type_constructor_path
  (type_constructor) @name) @reference.type

(module_path
  (module_name) @name) @reference.module

(extended_module_path
  (module_name) @name) @reference.module

(module_type_path
  (module_type_name) @name) @reference.module_type

(class_path
  (class_name) @name) @reference.class

(class_type_path
  (class_type_name) @name) @reference.class
