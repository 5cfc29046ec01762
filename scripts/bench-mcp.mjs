// The MCP server's work per call, measured in-process on a live session of each corpus (the
// server runs exactly these session calls): repo_map with nothing changed (a refresh, then the
// map), repo_map after one file edit (a refresh of the whole tree, then the map), and
// find_definition. Medians of 20 calls, milliseconds. Run through `npm run bench -- --mcp`.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { RepoSession } = await import(path.join(dist, 'session', 'repo-session.js'));
const { CacheConfig } = await import(path.join(dist, 'store', 'cache-config.js'));

const CALLS = 20;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(work) {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** corpus: { name, dir, edit: [relPath, from, to], ident } */
export async function benchMcp(corpora) {
  const rows = [];
  for (const corpus of corpora) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'repomap-bench-mcp-'));
    cpSync(corpus.dir, root, { recursive: true });
    const session = await RepoSession.open({ root, cache: CacheConfig.defaults(root) });
    try {
      await session.refresh();
      await session.map({});
      const unchanged = [];
      for (let i = 0; i < CALLS; i++) unchanged.push(await timed(async () => { await session.refresh(); await session.map({}); }));
      const [relPath, from, to] = corpus.edit;
      const file = path.join(root, relPath);
      const original = readFileSync(file, 'utf8');
      const edited = [];
      for (let i = 0; i < CALLS; i++) {
        writeFileSync(file, original.replace(from, i % 2 ? to : `${to}2`));
        edited.push(await timed(async () => { await session.refresh(); await session.map({}); }));
      }
      const definitions = [];
      await session.findDefinitions(corpus.ident, { limit: 20 });
      for (let i = 0; i < CALLS; i++) definitions.push(await timed(() => session.findDefinitions(corpus.ident, { limit: 20 })));
      rows.push({ corpus: corpus.name, repoMapUnchangedMs: median(unchanged), repoMapAfterEditMs: median(edited), findDefinitionMs: median(definitions) });
    } finally {
      await session.close();
      rmSync(root, { recursive: true, force: true });
    }
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = process.env.REPOMAP_CORPORA ?? path.join(os.homedir(), '.cache', 'repomap-corpora');
  const corpora = [
    { name: 'Go stdlib', dir: path.join(base, 'medium'), edit: ['strings/builder.go', 'func (b *Builder) Len() int', 'func (b *Builder) Size() int'], ident: 'NewReader' },
    { name: 'Django', dir: path.join(base, 'small'), edit: ['db/models/query.py', 'def count(self):', 'def tally(self):'], ident: 'QuerySet' },
  ];
  console.table(await benchMcp(corpora));
}
