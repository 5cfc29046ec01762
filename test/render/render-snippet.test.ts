/**
 * Rendering rules of SPEC A7 on small Python sources, each rule in isolation. The expected text
 * is worked out from the rules by hand (see the comment on each case).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { buildOutline } from '../../src/render/file-outline.js';
import { recordScopes } from '../../src/tags/record-scopes.js';
import { renderBlock, truncateLine } from '../../src/render/render-map.js';
import { renderSnippet } from '../../src/render/render-snippet.js';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';

const registry = new GrammarRegistry();
afterAll(() => registry.close());

async function render(source: string, lines: number[], language = 'python'): Promise<string> {
  const grammar = await registry.get(language);
  const text = source.endsWith('\n') ? source : `${source}\n`;
  const tree = registry.parse(grammar, text)!;
  try {
    const rows = text.split('\n');
    const positions = lines.map((line) => ({ line, column: Math.max(0, (rows[line] ?? '').search(/\S/)) }));
    return renderSnippet(buildOutline(source, recordScopes(tree, positions)), lines);
  } finally {
    tree.delete();
  }
}

const CLASS = [
  'import os', // 0
  '', // 1
  'class Store:', // 2
  '    """Keeps things."""', // 3
  '', // 4
  '    def get(self, key):', // 5
  '        return self.items[key]', // 6
  '', // 7
  '    def put(self, key, value):', // 8
  '        self.items[key] = value', // 9
  '        return value', // 10
].join('\n');

describe('rendering a file for its lines of interest', () => {
  test('a method shows its class header and the first row of the class body; hidden runs become one ⋮', async () => {
    // LOI 8 (put). Scopes of row 8: module (row 0, never shown), class (2), block (3), def (8).
    // Row 2 has one multi-row node → header [2,3); the block starts at 3 → [3,4); then gaps close.
    expect(await render(CLASS, [8])).toBe(['⋮', '│class Store:', '│    """Keeps things."""', '│', '⋮', '│    def put(self, key, value):', '⋮', ''].join('\n'));
  });

  test('a row shown two rows after another pulls in the row between them', async () => {
    // LOIs 2 and 5 → shown 2, 3 (block header), 5 → 4 lies between 3 and 5: shown.
    expect(await render(CLASS, [2, 5])).toBe(['⋮', '│class Store:', '│    """Keeps things."""', '│', '│    def get(self, key):', '⋮', ''].join('\n'));
  });

  test('a definition on the first row shows no leading ⋮, and the last row shows no trailing one', async () => {
    const source = 'def first():\n    return 1\n\ndef last():\n    return 2';
    expect(await render(source, [0])).toBe('│def first():\n⋮\n');
    // Row 4's scopes include `def last` (row 3), whose header is the row itself.
    expect(await render(source, [4])).toBe('⋮\n│def last():\n│    return 2\n');
  });

  test('a header is the smallest multi-row node starting on the row when two or more start there, cut to 10 rows', async () => {
    // Rows 1..14: assignment, call and argument list all start on row 1 and span 13 rows, so
    // the header of row 1 is cut to rows 1..10. LOI 13 (an argument) has row 1 among its scopes.
    const args = Array.from({ length: 12 }, (_, i) => `    arg${i},`);
    const source = ['x = 1', 'result = call(', ...args, ')'].join('\n');
    const shownHeader = ['│result = call(', ...args.slice(0, 9).map((arg) => `│${arg}`)];
    expect(await render(source, [13])).toBe(['⋮', ...shownHeader, '⋮', `│${args[11]}`, '⋮', ''].join('\n'));
    // Where only one multi-row node starts, the header is that row alone: the function body
    // (a block starting on row 1) shows just row 1; `def` on row 0 is never a header.
    const single = ['def outer():', '    x = 1', '    y = 2', '    z = 3', '    return x'].join('\n');
    expect(await render(single, [4])).toBe('⋮\n│    x = 1\n⋮\n│    return x\n');
  });

  test('a shown line followed by a blank line shows the blank line too, but not a chain of them', async () => {
    const source = 'a = 1\n\n\nb = 2\n';
    expect(await render(source, [0])).toBe('│a = 1\n│\n⋮\n');
  });

  test('CRLF sources render without carriage returns and with tree-sitter rows', async () => {
    const source = 'function a() {\r\n  return 1;\r\n}\r\n\r\nfunction b() {\r\n  return a();\r\n}\r\n';
    expect(await render(source, [4], 'javascript')).toBe('⋮\n│function b() {\n│  return a();\n⋮\n');
  });
});

describe('map blocks', () => {
  test('a file with tags is "path:" plus its snippet; a bare file has no colon', () => {
    expect(renderBlock('a.py', '│x\n⋮\n')).toBe('\na.py:\n│x\n⋮\n');
    expect(renderBlock('README.md', null)).toBe('\nREADME.md\n');
  });

  test('a path line is never cut: a long path stays a path that exists', () => {
    const long = `${'deeply/nested/'.repeat(10)}module.py`;
    expect(renderBlock(long, '│x\n').split('\n')[1]).toBe(`${long}:`);
    expect(renderBlock(long, null).split('\n')[1]).toBe(long);
  });

  test('a path with control characters is quoted the way git quotes it, so the map stays line-based', () => {
    expect(renderBlock('odd\nname.py', '│x\n')).toBe('\n"odd\\nname.py":\n│x\n');
    expect(renderBlock('tab\there\u0001"q".py', null)).toBe('\n"tab\\there\\x01\\"q\\".py"\n');
    expect(renderBlock('plain "quoted" \\ name.py', null)).toBe('\nplain "quoted" \\ name.py\n');
  });

  test('lines are cut to 100 characters, counted as code points', () => {
    expect(truncateLine('x'.repeat(150))).toHaveLength(100);
    const emoji = '😀'.repeat(120);
    expect([...truncateLine(emoji)]).toHaveLength(100);
    expect(renderBlock('p.py', `│${'y'.repeat(200)}\n`).split('\n')[2]).toHaveLength(100);
  });
});
