; AWK tags.
; Definitions: user functions (`function name(params) { ... }`; gawk also accepts `func`).
; References: calls of user functions, plain (`f(x)`) or namespace-qualified (`ns::f(x)`);
; built-in functions (substr, sub, printf, ...) are keywords in this grammar, without a name
; node, so they yield no reference. Variables (all global unless listed as extra parameters)
; are left out.

(func_def
  name: (identifier) @name) @definition.function

(func_call
  name: [
    (identifier) @name
    (ns_qualified_name (identifier) @name)
  ]) @reference.call
