#!/usr/bin/env node
// Prints the syntax tree of a file as a grammar sees it: `node scripts/dump-tree.mjs <language> <file>`.
// For writing tags queries: shows node types, field names and rows. Also `--types` lists the
// grammar's named node types.
import { readFileSync } from 'node:fs';
import { Language, Parser } from 'web-tree-sitter';
import { getLanguage, resolveGrammarPath } from '../dist/languages.js';

const [languageId, file] = process.argv.slice(2);
const spec = getLanguage(languageId ?? '');
if (!spec || !file) {
  console.error('usage: node scripts/dump-tree.mjs <language> <file|--types>');
  process.exit(2);
}
await Parser.init();
const language = await Language.load(readFileSync(resolveGrammarPath(spec.grammar)));
if (file === '--types') {
  for (let id = 0; id < language.nodeTypeCount; id++) {
    if (language.nodeTypeIsNamed(id) && language.nodeTypeIsVisible(id)) console.log(language.nodeTypeForId(id));
  }
  process.exit(0);
}
const parser = new Parser();
parser.setLanguage(language);
const tree = parser.parse(readFileSync(file, 'utf8'));
const cursor = tree.walk();
let depth = 0;
for (;;) {
  if (cursor.nodeIsNamed) {
    const field = cursor.currentFieldName ? `${cursor.currentFieldName}: ` : '';
    const { row, column } = cursor.startPosition;
    const leaf = cursor.currentNode.childCount === 0 ? ` ${JSON.stringify(cursor.nodeText)}` : '';
    console.log(`${'  '.repeat(depth)}${field}(${cursor.nodeType}) [${row}:${column}-${cursor.endPosition.row}]${leaf}`);
  }
  if (cursor.gotoFirstChild()) { depth++; continue; }
  let done = false;
  while (!cursor.gotoNextSibling()) {
    if (!cursor.gotoParent()) { done = true; break; }
    depth--;
  }
  if (done) break;
}
