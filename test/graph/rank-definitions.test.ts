import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { personalize } from '../../src/graph/personalize.js';
import { personalizedPageRank } from '../../src/graph/pagerank.js';
import { orderEntries, selectNthWeighted } from '../../src/graph/rank-definitions.js';
import { TagIndex } from '../../src/graph/tag-index.js';
import { mentionsFromPrompt } from '../../src/graph/prompt-mentions.js';
import type { FileTags, RankedEntry } from '../../src/types.js';
import { fileTags } from '../helpers.js';

interface RankOptions {
  chat?: string[];
  idents?: string[];
  files?: string[];
  others?: string[];
}

function rank(tags: FileTags[], options: RankOptions = {}): RankedEntry[] {
  const index = new TagIndex();
  for (const file of tags) index.add(file);
  const chatFiles = new Set(options.chat ?? []);
  const mentionedIdents = new Set(options.idents ?? []);
  const graph = buildGraph(index, { chatFiles, mentionedIdents });
  const all = [...new Set([...tags.map((t) => t.relPath), ...(options.others ?? [])])];
  const personalization = personalize(graph, {
    inputFileCount: all.length,
    chatFiles,
    mentionedFiles: new Set(options.files ?? []),
    mentionedIdents,
  });
  const { ranks } = personalizedPageRank(graph, { personalization });
  return orderEntries(graph, ranks, { chatFiles, otherFiles: all.filter((f) => !chatFiles.has(f)).sort() }).entries;
}

const label = (entry: RankedEntry): string => (entry.type === 'definition' ? `${entry.relPath}:${entry.name}` : entry.relPath);

const REPO = [
  fileTags('chat.py', [], [['used_by_chat', 1]]),
  fileTags('lib/a.py', [['used_by_chat', 3]]),
  fileTags('lib/b.py', [['unused_helper', 7]]),
  fileTags('lib/c.py', [], [['unused_helper', 1]]),
];

describe('ranking', () => {
  test('a definition referenced from a chat file outranks one that is not', () => {
    const labels = rank(REPO, { chat: ['chat.py'] }).map(label);
    expect(labels.indexOf('lib/a.py:used_by_chat')).toBeLessThan(labels.indexOf('lib/b.py:unused_helper'));
  });

  test('chat files never take a slot, as definitions or as bare files', () => {
    const tags = [...REPO, fileTags('chat.py', [['chat_helper', 0]], [['used_by_chat', 1]])].slice(1);
    const entries = rank(tags, { chat: ['chat.py'] });
    expect(entries.some((entry) => entry.relPath === 'chat.py')).toBe(false);
  });

  test('a mentioned identifier lifts its definer', () => {
    const tags = [
      fileTags('main.py', [], [['alpha', 1], ['beta', 1]]),
      fileTags('x.py', [['alpha', 0]]),
      fileTags('y.py', [['beta', 0]]),
    ];
    expect(rank(tags).map(label).slice(0, 2)).toEqual(['x.py:alpha', 'y.py:beta']);
    expect(rank(tags, { idents: ['beta'] }).map(label)[0]).toBe('y.py:beta');
  });

  test('ties are broken by path, then by name, the same way every time', () => {
    const tags = [
      fileTags('z.py', [['same', 0], ['also', 1]]),
      fileTags('m.py', [['same', 0], ['also', 1]]),
      fileTags('a.py', [['same', 0], ['also', 1]]),
    ];
    expect(rank(tags).map(label)).toEqual(['a.py:also', 'a.py:same', 'm.py:also', 'm.py:same', 'z.py:also', 'z.py:same']);
  });

  test('ranked definitions come first, then graph files by rank, then the rest by path, root manifests included', () => {
    const tags = [fileTags('src/app.py', [], [['run', 1]]), fileTags('src/run.py', [['run', 0]])];
    const entries = rank(tags, { others: ['README.md', 'docs/guide.md', 'package.json', 'src/README.md', '.github/workflows/ci.yml'] });
    expect(entries.map(label)).toEqual([
      'src/run.py:run',
      'src/app.py',
      '.github/workflows/ci.yml',
      'README.md',
      'docs/guide.md',
      'package.json',
      'src/README.md',
    ]);
  });

  test('each definition entry carries every line its file defines the name on', () => {
    const tags = [fileTags('a.py', [['overloaded', 3], ['overloaded', 9]]), fileTags('b.py', [], [['overloaded', 1]])];
    const entry = rank(tags).find((e) => e.type === 'definition')!;
    expect(entry).toMatchObject({ relPath: 'a.py', name: 'overloaded', lines: [3, 9] });
  });

  test('a file named by a mentioned identifier is personalized', () => {
    const tags = [fileTags('parser.py', [['parse', 0]]), fileTags('lexer.py', [['lex', 0]])];
    expect(rank(tags, { idents: ['lexer'] })[0]).toMatchObject({ relPath: 'lexer.py' });
  });
});

test('with a limit only the best definitions are listed, in the same order as without one', () => {
  const tags = Array.from({ length: 30 }, (_, i) => fileTags(`f${String(i).padStart(2, '0')}.py`, [[`name_${i}`, 0]], [[`name_${(i * 7) % 30}`, i + 1]]));
  const index = new TagIndex();
  for (const file of tags) index.add(file);
  const graph = buildGraph(index, { chatFiles: new Set(), mentionedIdents: new Set() });
  const { ranks } = personalizedPageRank(graph);
  const otherFiles = tags.map((t) => t.relPath);
  const full = orderEntries(graph, ranks, { chatFiles: new Set(), otherFiles });
  const limited = orderEntries(graph, ranks, { chatFiles: new Set(), otherFiles, limit: 5 });
  expect(full.complete).toBe(true);
  expect(limited.complete).toBe(false);
  expect(limited.entries.map(label)).toEqual(full.entries.slice(0, 5).map(label));
});

test('selectNthWeighted finds the k-th smallest of the values repeated by their weights, as a full sort would', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const length of [1, 2, 3, 10, 257, 5000]) {
    // Few distinct values (many ties, as equal-rank pairs give) and many distinct ones; weights
    // of 0 (every definer a chat file) to 3.
    for (const distinct of [3, 1e9]) {
      const values = Float64Array.from({ length }, () => Math.floor(random() * distinct) / 7);
      const weights = Int32Array.from({ length }, (_, i) => (i === 0 ? 1 : Math.floor(random() * 4)));
      const expanded = Float64Array.from([...values].flatMap((value, i) => Array<number>(weights[i]!).fill(value))).sort();
      for (const k of new Set([0, expanded.length - 1, Math.floor(expanded.length / 2), Math.floor(random() * expanded.length)])) {
        expect(selectNthWeighted(Float64Array.from(values), Int32Array.from(weights), k)).toBe(expanded[k]);
      }
    }
  }
});

describe('mentions from a prompt (SPEC A1)', () => {
  const files = ['src/config_loader.py', 'src/app.py', 'lib/app.py', 'docs/README.md', 'Makefile'];

  test('identifiers are the prompt split on non-word characters', () => {
    expect([...mentionsFromPrompt('fix parse_args() in cli.py, please!', files).idents].sort()).toEqual(
      ['cli', 'fix', 'in', 'parse_args', 'please', 'py'],
    );
  });

  test('files are full paths, or unique distinctive base names, with punctuation and quotes stripped', () => {
    const { files: mentioned } = mentionsFromPrompt('look at `src/app.py`, and config_loader.py! also README.md', files);
    expect([...mentioned].sort()).toEqual(['docs/README.md', 'src/app.py', 'src/config_loader.py']);
  });

  test('an ambiguous base name mentions nothing; a long stem matching an identifier does', () => {
    expect([...mentionsFromPrompt('app.py is broken', files).files]).toEqual([]);
    expect([...mentionsFromPrompt('the Makefile target', files).files]).toEqual(['Makefile']);
  });
});
