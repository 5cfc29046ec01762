; Java `.properties` tags.
; Definitions: every key (property), whole and dotted as written (`server.port`).
; References: `${key}` substitutions in values (property), as Spring and Maven expand them.

(property
  (key) @name) @definition.property

(substitution
  (key) @name) @reference.property
