// The MCP server's latency per call on each corpus, measured on the real server (`repomap mcp`
// spawned and driven over stdio by the SDK's client; times are the client's, so they include the
// protocol round trip), against the same run's baseline: the sweep path, i.e. the same session
// calls in-process with a full refresh before each (what the server did before it had a
// watcher). Scenarios: repo_map with nothing changed; repo_map called right after one file
// edit (from the write to the answer, which must show the edit); find_definition. Medians of
// 20 calls, milliseconds. Run through `npm run bench -- --mcp`.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const bin = path.join(here, '..', 'bin', 'repomap.js');
const { RepoSession } = await import(path.join(dist, 'session', 'repo-session.js'));
const { CacheConfig } = await import(path.join(dist, 'store', 'cache-config.js'));
const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');

const CALLS = 20;
/** Between edits: the watcher's own settled update of the last edit is over before the next. */
const PAUSE_BETWEEN_EDITS_MS = 300;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(work) {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/**
 * Edits `relPath` CALLS times (alternating two renames), each followed by `after`, which returns
 * the map; `check(text)` then compares the last map with the tree as edited.
 */
async function editLoop(root, [relPath, from, renamed, renamedAgain], after, check) {
  const file = path.join(root, relPath);
  const original = readFileSync(file, 'utf8');
  const samples = [];
  try {
    let text = '';
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      writeFileSync(file, original.replace(from, i % 2 ? renamed : renamedAgain));
      text = await after();
      samples.push(performance.now() - started);
      await sleep(PAUSE_BETWEEN_EDITS_MS);
    }
    await check?.(text);
  } finally {
    writeFileSync(file, original);
  }
  return median(samples);
}

/** The map of the tree as it is now, from a fresh session (sharing the warm cache). */
async function freshMap(root, tokens) {
  const session = await RepoSession.open({ root, cache: CacheConfig.defaults(root) });
  try {
    return (await session.map({ tokens })).text;
  } finally {
    await session.close();
  }
}

async function sweepBaseline(root, corpus) {
  const session = await RepoSession.open({ root, cache: CacheConfig.defaults(root) });
  try {
    await session.refresh();
    await session.map({ tokens: corpus.tokens });
    const unchanged = [];
    for (let i = 0; i < CALLS; i++) unchanged.push((await timed(async () => { await session.refresh(); await session.map({ tokens: corpus.tokens }); })).ms);
    const afterEdit = await editLoop(root, corpus.edit, async () => { await session.refresh(); return (await session.map({ tokens: corpus.tokens })).text; });
    await session.findDefinitions(corpus.ident, { limit: 20 });
    const definitions = [];
    for (let i = 0; i < CALLS; i++) definitions.push((await timed(async () => { await session.refresh(); await session.findDefinitions(corpus.ident, { limit: 20 }); })).ms);
    return { repoMapUnchangedMs: median(unchanged), repoMapAfterEditMs: afterEdit, findDefinitionMs: median(definitions) };
  } finally {
    await session.close();
  }
}

async function server(root, corpus) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', '--root', root], stderr: 'pipe' });
  const stderr = [];
  transport.stderr?.on('data', (chunk) => stderr.push(chunk.toString()));
  const client = new Client({ name: 'repomap-bench', version: '1.0.0' });
  await client.connect(transport);
  const call = async (name, args) => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${name}: ${result.content[0]?.text}`);
    return result.content.map((part) => part.text ?? '').join('');
  };
  try {
    await call('repo_map', { tokens: corpus.tokens });
    const unchanged = [];
    for (let i = 0; i < CALLS; i++) unchanged.push((await timed(() => call('repo_map', { tokens: corpus.tokens }))).ms);
    const afterEdit = await editLoop(root, corpus.edit, () => call('repo_map', { tokens: corpus.tokens }), async (text) => {
      if (text !== (await freshMap(root, corpus.tokens))) throw new Error('the map after an edit differs from a fresh build of the edited tree');
    });
    await call('find_definition', { name: corpus.ident });
    const definitions = [];
    for (let i = 0; i < CALLS; i++) definitions.push((await timed(() => call('find_definition', { name: corpus.ident }))).ms);
    if (stderr.join('').includes('sweeps the repository')) throw new Error(`the server ran without a watcher: ${stderr.join('')}`);
    return { repoMapUnchangedMs: median(unchanged), repoMapAfterEditMs: afterEdit, findDefinitionMs: median(definitions) };
  } finally {
    await client.close();
  }
}

/** corpus: { name, dir, edit: [relPath, text, renamed, renamed differently], ident, tokens? } */
export async function benchMcp(corpora) {
  const rows = [];
  for (const corpus of corpora) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'repomap-bench-mcp-'));
    cpSync(corpus.dir, root, { recursive: true });
    try {
      const baseline = await sweepBaseline(root, corpus);
      const live = await server(root, corpus);
      rows.push({ corpus: corpus.name, server: live, sweepBaseline: baseline, loadAverage: os.loadavg()[0] });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return rows;
}
