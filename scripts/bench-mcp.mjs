// The MCP server's latency per call on each corpus, measured on the real server (`repomap mcp`
// spawned and driven over stdio by the SDK's client; times are the client's, so they include the
// protocol round trip), against the same run's baseline: the sweep path, i.e. the same session
// calls in-process with a full refresh before each (what the server did before it had a
// watcher). Scenarios: repo_map with nothing changed; repo_map called right after one file
// edit (from the write to the answer, which must show the edit); find_definition. Medians of
// 20 calls, milliseconds. The server runs with --verbose and logs each call's time inside it
// (sync, answer, SDK, write): those medians are reported as `inside` where the server logs them.
// Run through `npm run bench -- --mcp`, or alone on one corpus:
//   node scripts/bench-mcp.mjs [--tier medium] [--calls N] [--bin path/to/repomap.js] [--no-sweep] [--json]
// --bin serves from another build (a baseline checkout's bin/repomap.js); --no-sweep skips the
// sweep baseline.
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

const cliArgs = process.argv.slice(2);
const flagValue = (name) => (cliArgs.includes(name) ? cliArgs[cliArgs.indexOf(name) + 1] : undefined);
const CALLS = Number(flagValue('--calls') ?? 20);
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

/** What the server logs per call under --verbose (src/mcp/call-timing.ts), by tool, in call order. */
const CALL_LINE = /^repomap: mcp: (\w+) in ([\d.]+) ms \(sync ([\d.]+), answer ([\d.]+), sdk ([-\d.]+), write ([\d.]+)\)$/;

function insideMedians(lines) {
  if (lines.length === 0) return undefined;
  const of = (key) => median(lines.map((line) => line[key]));
  return { totalMs: of('totalMs'), syncMs: of('syncMs'), answerMs: of('answerMs'), sdkMs: of('sdkMs'), writeMs: of('writeMs') };
}

async function server(root, corpus, serverBin = bin) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [serverBin, 'mcp', '--root', root, '--verbose'], stderr: 'pipe' });
  const stderr = [];
  const calls = new Map();
  let partial = '';
  transport.stderr?.on('data', (chunk) => {
    stderr.push(chunk.toString());
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      const match = CALL_LINE.exec(line);
      if (!match) continue;
      const [, tool, totalMs, syncMs, answerMs, sdkMs, writeMs] = match;
      if (!calls.has(tool)) calls.set(tool, []);
      calls.get(tool).push({ totalMs: Number(totalMs), syncMs: Number(syncMs), answerMs: Number(answerMs), sdkMs: Number(sdkMs), writeMs: Number(writeMs) });
    }
  });
  /** The server's lines for the last `count` calls of `tool` (after its stderr has caught up). */
  const lastCalls = async (tool, count) => {
    await sleep(50);
    return (calls.get(tool) ?? []).slice(-count);
  };
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
    const unchangedInside = await lastCalls('repo_map', CALLS);
    const afterEdit = await editLoop(root, corpus.edit, () => call('repo_map', { tokens: corpus.tokens }), async (text) => {
      if (text !== (await freshMap(root, corpus.tokens))) throw new Error('the map after an edit differs from a fresh build of the edited tree');
    });
    const afterEditInside = await lastCalls('repo_map', CALLS);
    await call('find_definition', { name: corpus.ident });
    const definitions = [];
    for (let i = 0; i < CALLS; i++) definitions.push((await timed(() => call('find_definition', { name: corpus.ident }))).ms);
    const definitionsInside = await lastCalls('find_definition', CALLS);
    if (stderr.join('').includes('sweeps the repository')) throw new Error(`the server ran without a watcher: ${stderr.join('')}`);
    return {
      repoMapUnchangedMs: median(unchanged),
      repoMapAfterEditMs: afterEdit,
      findDefinitionMs: median(definitions),
      inside: calls.size === 0 ? undefined : { repoMapUnchanged: insideMedians(unchangedInside), repoMapAfterEdit: insideMedians(afterEditInside), findDefinition: insideMedians(definitionsInside) },
    };
  } finally {
    await client.close();
  }
}

/** What the MCP scenario edits and looks up per corpus. */
export const MCP_PROBES = {
  small: { edit: ['db/models/query.py', 'def count(self):', 'def tally(self):', 'def tally2(self):'], ident: 'QuerySet' },
  medium: { edit: ['strings/builder.go', 'func (b *Builder) Len() int', 'func (b *Builder) Size() int', 'func (b *Builder) Size2() int'], ident: 'NewReader' },
};

/**
 * corpus: { name, dir, edit: [relPath, text, renamed, renamed differently], ident, tokens? };
 * options: { bin (the server's bin/repomap.js), sweep (false: no sweep baseline) }.
 */
export async function benchMcp(corpora, options = {}) {
  const rows = [];
  for (const corpus of corpora) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'repomap-bench-mcp-'));
    cpSync(corpus.dir, root, { recursive: true });
    try {
      const baseline = options.sweep === false ? undefined : await sweepBaseline(root, corpus);
      const live = await server(root, corpus, options.bin);
      rows.push({ corpus: corpus.name, server: live, sweepBaseline: baseline, loadAverage: os.loadavg()[0] });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return rows;
}

/** One line per corpus: the client's medians, then what the server logged of them. */
export function describeMcpRow(row) {
  const client = (times) => `repo_map unchanged ${times.repoMapUnchangedMs.toFixed(1)} ms, after an edit ${times.repoMapAfterEditMs.toFixed(1)} ms, find_definition ${times.findDefinitionMs.toFixed(2)} ms`;
  const phases = (times) => (times ? `${times.totalMs.toFixed(2)} (sync ${times.syncMs.toFixed(2)}, answer ${times.answerMs.toFixed(2)}, sdk ${times.sdkMs.toFixed(2)}, write ${times.writeMs.toFixed(2)})` : 'n/a');
  const inside = row.server.inside;
  return [
    `${row.corpus} (load ${row.loadAverage.toFixed(1)}): server ${client(row.server)}` + (row.sweepBaseline ? `; sweep baseline ${client(row.sweepBaseline)}` : ''),
    ...(inside
      ? [
          `  inside the server, ms: repo_map unchanged ${phases(inside.repoMapUnchanged)}`,
          `    repo_map after an edit ${phases(inside.repoMapAfterEdit)}`,
          `    find_definition ${phases(inside.findDefinition)}`,
        ]
      : []),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tier = flagValue('--tier') ?? 'medium';
  const dir = path.join(os.homedir(), '.cache', 'repomap-corpora', tier);
  const serverBin = flagValue('--bin') ? path.resolve(flagValue('--bin')) : bin;
  const rows = await benchMcp([{ name: tier, dir, ...MCP_PROBES[tier] }], { bin: serverBin, sweep: !cliArgs.includes('--no-sweep') });
  console.log(cliArgs.includes('--json') ? JSON.stringify(rows, null, 2) : rows.map(describeMcpRow).join('\n'));
}
