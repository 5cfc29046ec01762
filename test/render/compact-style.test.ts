/**
 * The compact style (`--style compact`) on language samples, through the whole pipeline: each
 * definition's full signature and no body line. The maps are compared with golden files
 * (reviewed by hand; regenerate with UPDATE_GOLDEN=1 after reviewing the diff), and the defects
 * the style exists for are checked by name against the aider style of the same files: a
 * multi-line generic TypeScript signature keeps its value parameters, and Ruby and Vue scopes
 * print none of their bodies.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { FIXTURES, makeTempDir, writeFiles } from '../helpers.js';

const GENERIC_TS = [
  'export function mapValues<', // 0
  '  K extends string,', // 1
  '  V,', // 2
  '>(', // 3
  '  input: Record<K, V>,', // 4
  '  fn: (value: V) => V,', // 5
  '): Record<K, V> {', // 6
  '  const out = {} as Record<K, V>;', // 7
  '  for (const key of Object.keys(input) as K[]) out[key] = fn(input[key]);', // 8
  '  return out;', // 9
  '}', // 10
  '',
].join('\n');

/** Decorators a reader needs with the signature: stacked, multi-line, on a class and its method. */
const DECORATED_PY = [
  'import functools', // 0
  '', // 1
  '', // 2
  '@functools.cache', // 3
  '@app.route(', // 4
  '    "/orders/<int:order_id>",', // 5
  '    methods=["GET", "POST"],', // 6
  ')', // 7
  'def show_order(order_id):', // 8
  '    return load(order_id)', // 9
  '', // 10
  '', // 11
  '@dataclass(frozen=True)', // 12
  'class Order:', // 13
  '    amount: int = 0', // 14
  '', // 15
  '    @classmethod', // 16
  '    def empty(cls):', // 17
  '        return cls(0)', // 18
  '',
].join('\n');

/** Definitions inside const, var and type groups: the group's opener says what they are. */
const GROUPED_GO = [
  'package orders', // 0
  '', // 1
  'const (', // 2
  '\tDefaultLimit = 10', // 3
  '\tmaxLimit     = 100', // 4
  ')', // 5
  '', // 6
  'var (', // 7
  '\tErrEmpty = errors.New("empty")', // 8
  ')', // 9
  '', // 10
  'type (', // 11
  '\tOrderID int', // 12
  '\tBook    struct {', // 13
  '\t\tlimit int', // 14
  '\t}', // 15
  ')', // 16
  '',
].join('\n');

/** A repository of the Ruby and Vue samples plus the generic TypeScript function, the decorated Python and the grouped Go. */
function sampleRepo(): string {
  const root = makeTempDir('repomap-compact-');
  cpSync(path.join(FIXTURES, 'languages', 'ruby', 'sample.rb'), path.join(root, 'sample.rb'));
  cpSync(path.join(FIXTURES, 'languages', 'vue', 'OrderPanel.vue'), path.join(root, 'OrderPanel.vue'));
  writeFiles(root, { 'map-values.ts': GENERIC_TS, 'orders.py': DECORATED_PY, 'orders.go': GROUPED_GO });
  return root;
}

/** The shown lines of one file's entry in a map. */
const entryLines = (map: string, relPath: string): string[] => {
  const start = map.indexOf(`\n${relPath}:\n`);
  if (start < 0) return [];
  const rest = map.slice(start + relPath.length + 3);
  const end = rest.search(/\n[^│⋮]/);
  return shownLines(end < 0 ? rest : rest.slice(0, end));
};

const shownLines = (map: string): string[] => map.split('\n').filter((line) => line.startsWith('│')).map((line) => line.slice(1));

describe('the compact style', () => {
  test('matches its golden map, and shows full signatures where aider shows bodies', async () => {
    const root = sampleRepo();
    const compact = await buildRepoMap({ root, workers: 0, tokens: 4096, style: 'compact' });
    const aider = await buildRepoMap({ root, workers: 0, tokens: 4096 });
    const goldenPath = path.join(FIXTURES, 'golden', 'compact-samples.map.txt');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, compact.text);
    else if (!existsSync(goldenPath)) throw new Error('compact-samples.map.txt is missing; review the map and write it with UPDATE_GOLDEN=1');
    expect(compact.text).toBe(readFileSync(goldenPath, 'utf8'));

    const compactLines = shownLines(compact.text);
    const aiderLines = shownLines(aider.text);
    // The same files and definitions, fewer tokens.
    expect(compact.files.map((file) => file.path)).toEqual(aider.files.map((file) => file.path));
    expect(compact.tokens).toBeLessThan(aider.tokens);
    // TypeScript: aider's header stops after the type parameters; compact goes on to the body's brace.
    expect(aiderLines).not.toContain('  input: Record<K, V>,');
    expect(compactLines).toEqual(expect.arrayContaining(GENERIC_TS.split('\n').slice(0, 7)));
    expect(compactLines).not.toContain('  const out = {} as Record<K, V>;');
    // Ruby: a method's body (shown by aider) is gone; a multi-line signature stays whole.
    const rubyBody = '      data = JSON.parse(File.read(path))';
    expect(aiderLines).toContain(rubyBody);
    expect(compactLines).not.toContain(rubyBody);
    expect(compactLines).toEqual(expect.arrayContaining(['    def restock(sku,', '                amount = DEFAULT_LIMIT,', '                notify: false)']));
    // Vue options API: the component's options and data() body are gone, its methods' first rows stay.
    for (const body of ["  name: 'OrderPanel',", '    return { orders: [] as Order[], selected: null as Order | null };', '  return orders.reduce((sum, order) => sum + order.amount, 0);']) {
      expect(aiderLines).toContain(body);
      expect(compactLines).not.toContain(body);
    }
    expect(compactLines).toContain('  data() {');
    // Python: every decorator line above a def or class, and no body line.
    const python = entryLines(compact.text, 'orders.py');
    expect(python).toEqual([...DECORATED_PY.split('\n').slice(3, 9), '@dataclass(frozen=True)', 'class Order:', '    @classmethod', '    def empty(cls):']);
    // Go: the opener of the group around each definition; its other rows only when they are definitions.
    const go = entryLines(compact.text, 'orders.go');
    expect(go).toEqual(['const (', '\tDefaultLimit = 10', '\tmaxLimit     = 100', 'var (', '\tErrEmpty = errors.New("empty")', 'type (', '\tOrderID int', '\tBook    struct {']);
  });
});
