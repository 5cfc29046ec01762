/**
 * `repomap mcp` as a real subprocess, driven by the MCP SDK's own client over stdio: the tools
 * answer what `repomap build`/`inspect` say for the same tree, follow edits, refuse bad input
 * with tool errors, put nothing but protocol on stdout, and shut down cleanly.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, test } from 'vitest';
import { BIN, copyFixtureRepo } from '../helpers.js';
import { noCacheMap } from '../support/reference-map.js';

interface Connection {
  client: Client;
  transport: StdioClientTransport;
  stderr: string[];
  protocolErrors: Error[];
}

const open: Connection[] = [];

afterEach(async () => {
  for (const connection of open.splice(0)) await connection.client.close().catch(() => undefined);
});

/** `prefix`: a command line the server runs under (such as unshare). */
async function connect(root: string, extra: string[] = [], prefix: string[] = []): Promise<Connection> {
  const command = [...prefix, process.execPath, BIN, 'mcp', '--root', root, ...extra];
  const transport = new StdioClientTransport({ command: command[0]!, args: command.slice(1), stderr: 'pipe' });
  const connection: Connection = { client: new Client({ name: 'repomap-test', version: '1.0.0' }), transport, stderr: [], protocolErrors: [] };
  transport.stderr?.on('data', (chunk: Buffer) => connection.stderr.push(chunk.toString()));
  await connection.client.connect(transport);
  // Anything on stdout that is not a protocol message surfaces as a transport error.
  transport.onerror = (error) => connection.protocolErrors.push(error);
  open.push(connection);
  return connection;
}

type TextResult = { content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };

async function call(connection: Connection, name: string, args: Record<string, unknown>): Promise<TextResult> {
  return (await connection.client.callTool({ name, arguments: args })) as TextResult;
}

const textOf = (result: TextResult): string => result.content.map((part) => part.text ?? '').join('');

/**
 * Past the first test, the server and the maps it is compared with use the approximate tokenizer
 * (tokens are not what those tests are about; o200k costs each map ~0.9 s of CPU to load), and
 * the --no-cache reference is computed in this process (support/reference-map.ts).
 */
const FAST = ['--tokenizer', 'approx'];

function cli(root: string, args: string[]): string {
  const run = spawnSync(process.execPath, [BIN, ...args, '--root', root], { encoding: 'utf8', cwd: root });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe('repomap mcp', () => {
  test('lists its tools and the map resource; repo_map equals repomap build for the same tree and request', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const connection = await connect(root, ['--no-cache']);
    const { tools } = await connection.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['cache_stats', 'explain_rank', 'file_outline', 'find_definition', 'find_references', 'repo_map']);
    for (const tool of tools) expect(tool.description?.length).toBeGreaterThan(40);

    const map = await call(connection, 'repo_map', {});
    expect(map.isError).toBeFalsy();
    expect(textOf(map)).toBe(cli(root, ['build', '--no-cache']));
    const chat = await call(connection, 'repo_map', { chat_files: ['src/store/models.py'], mentioned_idents: ['formatMoney'], tokens: 512 });
    expect(textOf(chat)).toBe(cli(root, ['build', '--no-cache', '--chat', 'src/store/models.py', '--mention-ident', 'formatMoney', '--tokens', '512']));
    expect((chat.structuredContent as { schema: string }).schema).toBe('repomap/1');

    const resource = await connection.client.readResource({ uri: 'repomap://map' });
    expect((resource.contents[0] as { text: string }).text).toBe(textOf(map));
    expect(connection.protocolErrors).toEqual([]);
  });

  test('find_definition, find_references, file_outline and explain_rank answer from the live index', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const connection = await connect(root, FAST);
    const definition = await call(connection, 'find_definition', { name: 'formatMoney' });
    const hits = (definition.structuredContent as { definitions: Array<{ path: string; line: number; kind: string; signature: string }> }).definitions;
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ path: 'src/api/format.ts', line: 0, kind: 'function' });
    expect(hits[0]!.signature).toContain('export function formatMoney(cents: number): string');

    const prefixed = await call(connection, 'find_definition', { name: 'FORMAT', prefix: true });
    const names = (prefixed.structuredContent as { definitions: Array<{ name: string }> }).definitions.map((hit) => hit.name);
    expect(names).toContain('formatMoney');
    for (const name of names) expect(name.toLowerCase().startsWith('format')).toBe(true);

    const references = await call(connection, 'find_references', { name: 'formatMoney' });
    expect((references.structuredContent as { references: Array<{ path: string; count: number }> }).references).toEqual([
      expect.objectContaining({ path: 'src/api/handlers.ts', count: 2 }),
    ]);

    const outline = await call(connection, 'file_outline', { path: 'src/api/format.ts' });
    expect(textOf(outline)).toMatch(/^src\/api\/format\.ts:\n│export function formatMoney/);

    cli(root, ['build', ...FAST]);
    const explained = await call(connection, 'explain_rank', { path: 'src/api/format.ts' });
    const inspect = JSON.parse(cli(root, ['inspect', '--rank', 'src/api/format.ts', '--json'])) as { position: number; rank: number; files: number };
    expect(explained.structuredContent).toMatchObject({ path: 'src/api/format.ts', position: inspect.position, files: inspect.files });
    expect((explained.structuredContent as { rank: number }).rank).toBeCloseTo(inspect.rank, 12);

    const stats = await call(connection, 'cache_stats', {});
    expect((stats.structuredContent as { stats: { schema: string } }).stats.schema).toBe('repomap-stats/1');
  });

  test('an edit shows in the next repo_map; bad input is a tool error and the server lives on; closing stdin ends it with exit 0', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const connection = await connect(root, FAST);
    await call(connection, 'repo_map', {});
    const format = path.join(root, 'src', 'api', 'format.ts');
    writeFileSync(format, readFileSync(format, 'utf8').replace(/formatMoney/g, 'formatCurrency'));
    const edited = await call(connection, 'repo_map', {});
    expect(textOf(edited)).toContain('formatCurrency');
    expect(textOf(edited)).toBe(await noCacheMap(root, FAST));

    const outside = await call(connection, 'file_outline', { path: '../../etc/passwd' });
    expect(outside.isError).toBe(true);
    expect(textOf(outside)).toMatch(/outside the repository root/);
    const missing = await call(connection, 'file_outline', { path: 'no/such/file.py' });
    expect(missing.isError).toBe(true);
    const invalid = await connection.client.callTool({ name: 'repo_map', arguments: { tokens: -5 } }).catch((error: Error) => ({ isError: true, content: [{ type: 'text', text: error.message }] }));
    expect((invalid as TextResult).isError).toBe(true);
    expect(textOf(await call(connection, 'repo_map', {}))).toContain('formatCurrency');
    expect(connection.protocolErrors).toEqual([]);

    const exited = new Promise<number | null>((resolve) => {
      const child = (connection.transport as unknown as { _process?: { once(event: string, listener: (code: number | null) => void): void } })._process;
      child?.once('exit', resolve);
    });
    await connection.transport.close();
    expect(await exited).toBe(0);
  });

  test('find_definition called right after an edit finds the new name, every time', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const connection = await connect(root);
    const format = path.join(root, 'src', 'api', 'format.ts');
    const original = readFileSync(format, 'utf8');
    const defined = async (name: string): Promise<Array<{ path: string; name: string; signature: string }>> =>
      (await call(connection, 'find_definition', { name })).structuredContent!.definitions as Array<{ path: string; name: string; signature: string }>;
    expect(await defined('formatMoney')).toHaveLength(1);
    // Calls in a row with no edit between answer from the quick cookie alone: warm that path up.
    expect(await defined('formatMoney')).toHaveLength(1);
    let previous = 'formatMoney';
    for (let i = 0; i < 10; i++) {
      const renamed = `formatMoney${i}`;
      writeFileSync(format, original.replace(/formatMoney/g, renamed));
      const hits = await defined(renamed);
      expect(hits, `edit ${i}`).toHaveLength(1);
      expect(hits[0]).toMatchObject({ path: 'src/api/format.ts', name: renamed });
      expect(hits[0]!.signature).toContain(`export function ${renamed}(`);
      expect(await defined(previous)).toEqual([]);
      previous = renamed;
    }
    expect(connection.protocolErrors).toEqual([]);
  });

  test('at the inotify limit: one warning, then each call sweeps and still sees edits', async () => {
    // A user namespace of our own with a tiny inotify limit: a real ENOSPC without touching the machine's.
    const probe = spawnSync('unshare', ['-U', '-r', 'sh', '-c', 'echo 3 > /proc/sys/user/max_inotify_watches'], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error(`this test needs user namespaces (unshare -U -r): ${probe.stderr}`);
    const root = copyFixtureRepo('polyglot-service');
    const prefix = ['unshare', '-U', '-r', 'sh', '-c', 'echo 3 > /proc/sys/user/max_inotify_watches && exec "$@"', 'sh'];
    const connection = await connect(root, ['--no-cache', ...FAST], prefix);
    expect(textOf(await call(connection, 'repo_map', {}))).toBe(await noCacheMap(root, FAST));
    const format = path.join(root, 'src', 'api', 'format.ts');
    writeFileSync(format, readFileSync(format, 'utf8').replace(/formatMoney/g, 'formatCurrency'));
    expect(textOf(await call(connection, 'repo_map', {}))).toContain('formatCurrency');
    // stderr is a pipe of its own: its lines may arrive after the answers.
    for (let waited = 0; !/sweeps the repository/.test(connection.stderr.join('')) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const stderr = connection.stderr.join('');
    expect(stderr.match(/max_user_watches/g)).toHaveLength(1);
    expect(stderr).toMatch(/each call now sweeps the repository first/);
    expect(connection.protocolErrors).toEqual([]);
  });
});
