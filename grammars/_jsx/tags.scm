; JSX components, shared by the javascript and tsx queries (`; inherits: _jsx`):
; `<Widget />` and `<Layout.Panel>` are references (class); lowercase tags are HTML elements.
; Closing tags are not counted again.
([
  (jsx_opening_element
    name: [
      (identifier) @name
      (member_expression
        property: (property_identifier) @name)
    ])
  (jsx_self_closing_element
    name: [
      (identifier) @name
      (member_expression
        property: (property_identifier) @name)
    ])
] @reference.class
  (#match? @name "^[A-Z]"))
