/**
 * Where a definition's signature ends: the rows from the line of its name up to where its body
 * starts, however many (a generic TypeScript function whose value parameters follow its type
 * parameters on later lines, a Python `def` with one parameter a line). The compact style shows
 * these rows and nothing of the body (SPEC A7).
 *
 * The definition is the highest node starting on the name's row around the name, below the
 * body that holds it (a class body begins with its first member's row); its body is the first
 * node in document order that a grammar names `body` (for a type alias, its value), or whose
 * type is a block of members (`class_body`, `field_declaration_list`, …), not looking inside
 * values, types and text (arrays, objects, call arguments, type parameters, strings), where a
 * callback's or a type's body is no signature's end. The
 * signature ends with the row where what precedes the body ends (`): R {` stays in). A
 * definition without a body is its first row, unless it is a signature itself
 * (`method_signature`, an interface's method), whose rows are all signature.
 */
import type { Node } from 'web-tree-sitter';

/** Node types that hold a definition's members or statements where no `body` field names them. */
const BODY_TYPES = new Set([
  'block',
  'statement_block',
  'class_body',
  'interface_body',
  'enum_body',
  'object_type',
  'declaration_list',
  'field_declaration_list',
  'enum_variant_list',
  'body_statement',
  'compound_statement',
]);

/**
 * Values, types and text: a body found inside one is a callback's, a literal's or a type's
 * (`I extends Input = {}`), not the definition's.
 */
const VALUE_TYPES = new Set([
  'type_parameters',
  'type_parameter_list',
  'type_arguments',
  'type_annotation',
  'array',
  'list',
  'object',
  'dictionary',
  'arguments',
  'argument_list',
  'call_expression',
  'call',
  'string',
  'template_string',
  'comment',
  'composite_literal',
  'literal_value',
]);

/** A definition without a body whose rows are all signature. */
const isSignatureNode = (type: string): boolean => type.endsWith('_signature') || type === 'method_elem' || type === 'method_spec';

/** Nodes looked at while searching one definition for its body: a bound on the work per definition. */
const MAX_VISITS = 400;

/** What rendering needs of one definition's signature, from one lookup of its node. */
export interface SignatureRows {
  /** The exclusive end row of the signature. */
  end: number;
  /**
   * Rows above the signature that a reader needs with it, as [start, end): its decorators (a
   * Python `decorated_definition` starts at its first one), or the opener row of the group it
   * belongs to (Go's `const (`, `var (`, `type (`: a `*_spec` in a `*_declaration` starting on
   * an earlier row). Undefined when there are none.
   */
  context: { start: number; end: number } | undefined;
}

/** The signature rows of the definition whose name starts at (row, column). */
export function signatureRows(root: Node, row: number, column: number): SignatureRows {
  const found = definitionAt(root, row, column);
  if (!found) return { end: row + 1, context: undefined };
  return { end: endOf(found.definition, found.type, row), context: contextOf(found.parent, found.type, row) };
}

function endOf(definition: Node, type: string, row: number): number {
  const { row: lastRow, column: lastColumn } = definition.endPosition;
  // Whatever body a definition ending on its name's row holds starts on that row too: the
  // signature is the row, known without a search (most Go constants, one-line declarations).
  // So for one that ends at the start of the next row, its newline included (a C `#define`:
  // the kernel's headers hold hundreds of thousands), unless all its rows are signature.
  if (lastRow <= row || (lastRow === row + 1 && lastColumn === 0 && !isSignatureNode(type))) return row + 1;
  const body = findBody(definition, type);
  if (!body) return isSignatureNode(type) ? lastRow + 1 : row + 1;
  const before = body.previousSibling;
  const lastSignatureRow = before ? before.endPosition.row : body.startPosition.row;
  return Math.max(row, Math.min(lastSignatureRow, body.startPosition.row)) + 1;
}

function contextOf(parent: Node | null, type: string, row: number): { start: number; end: number } | undefined {
  if (!parent || parent.startPosition.row >= row) return undefined;
  const parentType = parent.type;
  if (parentType === 'decorated_definition') return { start: parent.startPosition.row, end: row };
  if (type.endsWith('_spec') && parentType.endsWith('_declaration')) return { start: parent.startPosition.row, end: parent.startPosition.row + 1 };
  return undefined;
}

/** A definition's node, its type and its parent (null at the root). */
interface FoundDefinition {
  definition: Node;
  type: string;
  parent: Node | null;
}

/**
 * The highest node starting on the name's row around the name, below the body that holds it.
 * Each Node accessor is a call into WASM, and asking for a parent searches down from the root:
 * each node's parent and type are asked for once, its row (held by the Node) first.
 */
function definitionAt(root: Node, row: number, column: number): FoundDefinition | undefined {
  const name = root.descendantForPosition({ row, column });
  if (!name) return undefined;
  let definition = name;
  let type: string | undefined;
  let parent = definition.parent;
  while (parent && parent.startPosition.row === row) {
    const grandparent = parent.parent;
    if (!grandparent) break;
    const parentType = parent.type;
    if (isBody(parent, parentType, grandparent)) break;
    definition = parent;
    type = parentType;
    parent = grandparent;
  }
  return { definition, type: type ?? definition.type, parent };
}

function isBody(node: Node, type: string, parent: Node): boolean {
  return BODY_TYPES.has(type) || parent.childForFieldName('body')?.id === node.id;
}

/** Pre-order over the named nodes of the definition outside values, each node's type asked for once. */
function findBody(definition: Node, definitionType: string): Node | undefined {
  const stack: Node[] = [definition];
  const types: string[] = [definitionType];
  let visits = 0;
  while (stack.length > 0 && visits++ < MAX_VISITS) {
    const node = stack.pop()!;
    const type = types.pop()!;
    const body = node.childForFieldName('body') ?? (type === 'type_alias_declaration' ? node.childForFieldName('value') : null);
    if (body) return body;
    if (node !== definition && BODY_TYPES.has(type)) return node;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (!child) continue;
      const childType = child.type;
      if (!VALUE_TYPES.has(childType)) {
        stack.push(child);
        types.push(childType);
      }
    }
  }
  return undefined;
}
