/**
 * Markup files whose code lives in `<script>` blocks (Vue single-file components): finds the
 * blocks in the markup tree and blanks everything else to spaces, keeping every newline, so the
 * script parses with the JS/TS grammar at its true rows and columns. Tags and rendering then see
 * ordinary JS/TS, and the map shows the component file's own lines.
 */
import type { Tree } from 'web-tree-sitter';

export interface ScriptSource {
  /** The grammar to parse `text` with: javascript, typescript or tsx. */
  languageId: string;
  text: string;
}

const SCRIPT_LANGUAGES: Record<string, string> = { ts: 'typescript', tsx: 'tsx', js: 'javascript', jsx: 'javascript' };

/** Every character outside the [start, end) ranges replaced by a space; newlines kept. */
export function keepRanges(text: string, ranges: Array<[number, number]>): string {
  let result = '';
  let position = 0;
  for (const [start, end] of ranges) {
    result += text.slice(position, start).replace(/[^\n]/g, ' ');
    result += text.slice(start, end);
    position = end;
  }
  return result + text.slice(position).replace(/[^\n]/g, ' ');
}

/** The script blocks of a parsed markup file, or undefined when it has none. */
export function scriptOf(markup: Tree, text: string): ScriptSource | undefined {
  const ranges: Array<[number, number]> = [];
  let languageId = 'javascript';
  for (const script of markup.rootNode.children) {
    if (script?.type !== 'script_element') continue;
    for (const child of script.children) {
      if (child?.type === 'raw_text') ranges.push([child.startIndex, child.endIndex]);
      if (child?.type !== 'start_tag') continue;
      for (const attribute of child.children) {
        if (attribute?.type !== 'attribute' || attribute.child(0)?.text !== 'lang') continue;
        const value = attribute.descendantsOfType('attribute_value')[0]?.text ?? '';
        languageId = SCRIPT_LANGUAGES[value] ?? languageId;
      }
    }
  }
  if (ranges.length === 0) return undefined;
  return { languageId, text: keepRanges(text, ranges) };
}
