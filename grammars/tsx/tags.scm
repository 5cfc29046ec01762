; TSX (.tsx): the TypeScript patterns plus JSX components (.tsx has its own grammar).
; Definitions: function and generator declarations and signatures (overloads, `declare function`),
; classes (abstract ones too), methods (getters, setters, constructors, #private ones,
; object-literal shorthand methods, class fields holding a function, method signatures of
; interfaces and object types, abstract method signatures), functions and arrows bound to a name
; (`const f = () => {}`, `exports.h = ...`, `Foo.prototype.m = ...`), function-valued properties
; of an object literal bound to a name, interfaces, type aliases, enums, namespaces/modules, and
; top-level UPPER_CASE constants.
; References: calls `f()` / `obj.m()` and decorators (call), `new C()` and `extends C` (class),
; JSX elements whose tag starts with an uppercase letter, `<Widget />` / `<Layout.Panel>`
; (class), and type names used as types: annotations, type arguments, `implements`, interface
; `extends`, constraints, type alias bodies, `as` / `satisfies` (type).
; inherits: typescript, _jsx
