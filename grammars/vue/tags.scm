; Vue single-file components, template part: custom components used as elements
; (<OrderList/>, <order-list>) are references. The <script> block is tagged with the
; JavaScript or TypeScript query (see src/tags/embedded-script.ts).

(element
  (start_tag (tag_name) @name)
  (#match? @name "^[A-Z]")) @reference.class

(element
  (self_closing_tag (tag_name) @name)
  (#match? @name "^[A-Z]")) @reference.class
