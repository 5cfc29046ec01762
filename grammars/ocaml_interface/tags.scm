; OCaml interface files (.mli, tree-sitter-ocaml 0.24 interface grammar).
; Definitions: `val` declarations (functions when their type has an arrow, values otherwise;
; operators), externals, types with their constructors and record fields, exceptions, modules
; and functors (nested signatures included), module types, classes and class types with their
; methods.
; References: type constructors, every module in a module path (`open`, `M.t`), module types,
; classes.
; inherits: _ocaml_signatures

; ---------------------------------------------------------------- definitions

(method_specification
  (method_name) @name) @definition.method

; ---------------------------------------------------------------- references

(class_type_path
  (class_type_name) @name) @reference.class
