; SystemRDL 2.0 (tree-sitter-wasms 0.1.13 grammar).
; Definitions: named component definitions, with the component type as the kind (addrmap,
; regfile, reg, field, mem, signal); enum, struct and user-defined property definitions.
; Anonymous definitions and instance names are not tagged.
; References: the component type of an explicit instantiation (`ctrl_r ctrl @ 0x0;`, kind
; `component`), enums named by `encode =` and by enumerator literals `parity_e::EVEN`, and
; struct types used in struct members.

; ---------------------------------------------------------------- definitions

(component_named_def
  type: (component_type) @_type
  id: (id) @name
  (#eq? @_type "addrmap")) @definition.addrmap

(component_named_def
  type: (component_type) @_type
  id: (id) @name
  (#eq? @_type "regfile")) @definition.regfile

(component_named_def
  type: (component_type) @_type
  id: (id) @name
  (#eq? @_type "reg")) @definition.reg

(component_named_def
  type: (component_type) @_type
  id: (id) @name
  (#eq? @_type "field")) @definition.field

(component_named_def
  type: (component_type) @_type
  id: (id) @name
  (#eq? @_type "mem")) @definition.mem

(component_named_def
  type: (component_type) @_type
  id: (id) @name
  (#eq? @_type "signal")) @definition.signal

(enum_def
  .
  (id) @name) @definition.enum

(struct_def
  .
  (id) @name) @definition.struct

(property_definition
  .
  (id) @name) @definition.property

; ---------------------------------------------------------------- references

(explicit_component_inst
  id: (id) @name) @reference.component

(explicit_encode_assignment
  (id) @name) @reference.enum

(enumerator_literal
  .
  (id) @name) @reference.enum

(struct_type
  (data_type
    (basic_data_type
      (id) @name))) @reference.struct
