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

/** A repository of the Ruby and Vue samples plus the generic TypeScript function. */
function sampleRepo(): string {
  const root = makeTempDir('repomap-compact-');
  cpSync(path.join(FIXTURES, 'languages', 'ruby', 'sample.rb'), path.join(root, 'sample.rb'));
  cpSync(path.join(FIXTURES, 'languages', 'vue', 'OrderPanel.vue'), path.join(root, 'OrderPanel.vue'));
  writeFiles(root, { 'map-values.ts': GENERIC_TS });
  return root;
}

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
  });
});
