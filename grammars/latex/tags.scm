; LaTeX tags.
; Definitions: sectioning commands from `\part` to `\subparagraph` (section; the title's text),
; `\label{…}` (label), `\newcommand` / `\renewcommand` / `\DeclareMathOperator` and `\def`
; (command; with its backslash, as uses are written) and `\newenvironment` (environment).
; References: `\ref` / `\eqref` / … (label), `\cite` and its variants (citation), every other
; command use (command) and `\begin{…}` of an environment (environment). The grammar parses
; `\newcommand\name` without braces as an error, so only `\newcommand{\name}` defines.

; --- definitions ---------------------------------------------------------------------

[
  (part text: (curly_group (text) @name))
  (chapter text: (curly_group (text) @name))
  (section text: (curly_group (text) @name))
  (subsection text: (curly_group (text) @name))
  (subsubsection text: (curly_group (text) @name))
  (paragraph text: (curly_group (text) @name))
  (subparagraph text: (curly_group (text) @name))
] @definition.section

(label_definition
  name: (curly_group_text (text) @name)) @definition.label

(new_command_definition
  declaration: (curly_group_command_name command: (command_name) @name)) @definition.command

(old_command_definition
  declaration: (command_name) @name) @definition.command

(environment_definition
  name: (curly_group_text (text) @name)) @definition.environment

; --- references ----------------------------------------------------------------------

(label_reference
  names: (curly_group_text_list (text) @name)) @reference.label

(citation
  keys: (curly_group_text_list (text) @name)) @reference.citation

(generic_command
  command: (command_name) @name) @reference.command

(generic_environment
  begin: (begin name: (curly_group_text (text) @name))) @reference.environment
