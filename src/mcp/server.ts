/**
 * The map as Model Context Protocol tools (SPEC B8), answered from one live RepoSession. Every
 * call runs through `current`, which runs it on the session once the session is up to date (the
 * watcher's sync, or a sweep) and one call at a time. Bad arguments and failures are tool errors with a one-line message, never a crash.
 * Writes nothing itself: the transport owns stdout, and logs go to the `log` callback.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { RepomapError } from '../errors.js';
import { PACKAGE_VERSION } from '../package-root.js';
import { toRootRelative } from '../options/resolve-root.js';
import type { CallTimings, RequestId } from './call-timing.js';
import type { RepoSession } from '../session/repo-session.js';
import { toMapJson } from '../session/map-json.js';
import { MAP_STYLES, type MapRequest, type MapStyle } from '../session/types.js';

export interface McpDependencies {
  session: RepoSession;
  /** The request flags given on the command line: defaults for every repo_map call. */
  defaults: MapRequest;
  /** Runs a call on the session once it is current, one call at a time (the watcher's, or a sweep). */
  current<T>(job: () => Promise<T>): Promise<T>;
  /** What `repomap stats --json` reports, or null without a cache. */
  cacheStats(): unknown;
  log(message: string): void;
  /** Told each tool call's sync and answer times (CallTimings, under --verbose). */
  timings?: Pick<CallTimings, 'record'>;
}

/** Bounds on list answers: enough for a model to act on, small enough for its context. */
const DEFAULT_RESULT_LIMIT = 20;
const MAX_RESULT_LIMIT = 200;
const MAX_TOKENS = 65_536;

type ToolResult = { content: Array<{ type: 'text'; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };

function ok(text: string, structured: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

function failure(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

const pathList = z.array(z.string().min(1)).max(500);
const limit = z.number().int().min(1).max(MAX_RESULT_LIMIT).optional();

export function createMcpServer(deps: McpDependencies): McpServer {
  const { session } = deps;
  const server = new McpServer({ name: 'repomap', version: PACKAGE_VERSION }, { capabilities: { logging: {} } });
  const relPath = (input: string, what: string): string => toRootRelative(input, { flag: what, root: session.root, cwd: session.root, mustExist: false });

  /** Runs a tool body with the session current; expected failures become tool errors. */
  const run = async (tool: string, extra: { requestId: RequestId }, body: () => Promise<ToolResult>): Promise<ToolResult> => {
    const called = performance.now();
    try {
      if (!deps.timings) return await deps.current(body);
      let started = 0;
      const result = await deps.current(() => ((started = performance.now()), body()));
      deps.timings.record(extra.requestId, { tool, syncMs: started - called, answerMs: performance.now() - started });
      return result;
    } catch (error) {
      if (error instanceof RepomapError) return failure(error.message);
      const message = error instanceof Error ? error.message : String(error);
      deps.log(`tool failed: ${message}`);
      return failure(`repomap could not answer: ${message}`);
    }
  };

  const mapRequest = (args: {
    chat_files?: string[];
    mentioned_files?: string[];
    mentioned_idents?: string[];
    prompt?: string;
    tokens?: number;
    style?: MapStyle;
    history?: boolean;
  }): MapRequest => ({
    ...deps.defaults,
    ...(args.style ? { style: args.style } : {}),
    ...(args.history !== undefined ? { history: args.history } : {}),
    chatFiles: args.chat_files?.map((file) => relPath(file, 'chat_files')) ?? deps.defaults.chatFiles,
    mentionedFiles: args.mentioned_files?.map((file) => relPath(file, 'mentioned_files')) ?? deps.defaults.mentionedFiles,
    mentionedIdents: args.mentioned_idents ?? deps.defaults.mentionedIdents,
    prompt: args.prompt ?? deps.defaults.prompt,
    tokens: args.tokens ?? deps.defaults.tokens,
  });

  server.registerTool(
    'repo_map',
    {
      title: 'Repository map',
      description:
        'A compact, ranked map of the repository: the most important files with the signatures of their key definitions, ' +
        'fitted to a token budget. Pass the files you are editing as chat_files (they steer the ranking and are left out ' +
        'of the map) and names from the task as mentioned_idents or a free-text prompt. Call it again after edits: it is ' +
        'always current.',
      inputSchema: {
        chat_files: pathList.optional().describe('Files being edited (root-relative): ranked around, never shown'),
        mentioned_files: pathList.optional().describe('Files the task mentions: ranked higher'),
        mentioned_idents: z.array(z.string().min(1)).max(500).optional().describe('Identifiers the task mentions: ranked higher'),
        prompt: z.string().max(20_000).optional().describe('Task text; file names and identifiers in it are treated as mentioned'),
        tokens: z.number().int().min(1).max(MAX_TOKENS).optional().describe('Token budget, a hard limit (default 1024)'),
        style: z.enum(MAP_STYLES).optional().describe('aider: signatures with their enclosing scopes (default); compact: full signatures, no body lines'),
        history: z.boolean().optional().describe('Rank files that changed together with chat_files in recent commits higher (git only; default: the server\'s --history)'),
        paths: pathList.optional().describe('Show only files under these root-relative paths'),
      },
    },
    (args, extra) =>
      run('repo_map', extra, async () => {
        const request = mapRequest(args);
        const result = await session.map(request);
        const limits = args.paths?.map((path) => relPath(path, 'paths'));
        const files = result.files.filter((file) => !limits || limits.some((limit) => limit === '' || file.path === limit || file.path.startsWith(`${limit}/`)));
        const json = toMapJson(result);
        return ok(result.text, { ...json, files: json.files.filter((file) => files.some((kept) => kept.path === file.path)) });
      }),
  );

  server.registerTool(
    'find_definition',
    {
      title: 'Find a definition',
      description:
        'Where an identifier (function, class, method, type, constant…) is defined: file, 0-based line, kind and the source ' +
        'line, best-ranked files first. Exact name by default; prefix: true matches names starting with the text, ignoring case.',
      inputSchema: {
        name: z.string().min(1).max(500).describe('The identifier, or its beginning with prefix: true'),
        prefix: z.boolean().optional().describe('Case-insensitive prefix match instead of the exact name'),
        limit: limit.describe(`At most this many results (default ${DEFAULT_RESULT_LIMIT})`),
      },
    },
    (args, extra) =>
      run('find_definition', extra, async () => {
        const hits = await session.findDefinitions(args.name, { prefix: args.prefix ?? false, limit: args.limit ?? DEFAULT_RESULT_LIMIT });
        const text = hits.length === 0 ? `no definition of ${args.name}${args.prefix ? '…' : ''}` : hits.map((hit) => `${hit.path}:${hit.line + 1}: ${hit.kind} ${hit.name}\n    ${hit.signature.trim()}`).join('\n');
        return ok(text, { definitions: hits });
      }),
  );

  server.registerTool(
    'find_references',
    {
      title: 'Find references',
      description: 'The files that reference an identifier, with how many times each does, best-ranked files first.',
      inputSchema: {
        name: z.string().min(1).max(500).describe('The exact identifier'),
        limit: limit.describe(`At most this many files (default ${DEFAULT_RESULT_LIMIT})`),
      },
    },
    (args, extra) =>
      run('find_references', extra, async () => {
        const hits = await session.findReferences(args.name, args.limit ?? DEFAULT_RESULT_LIMIT);
        const text = hits.length === 0 ? `no file references ${args.name}` : hits.map((hit) => `${hit.path}: ${hit.count}×`).join('\n');
        return ok(text, { references: hits });
      }),
  );

  server.registerTool(
    'file_outline',
    {
      title: 'File outline',
      description: "A file's definitions rendered the way the repository map shows them (signatures with their enclosing scopes).",
      inputSchema: { path: z.string().min(1).describe('Root-relative path of the file') },
    },
    (args, extra) =>
      run('file_outline', extra, async () => {
        const path = relPath(args.path, 'path');
        const outline = await session.outline(path);
        if (outline === undefined) return failure(`${path}: no definitions (not a parsed source file of this repository)`);
        return ok(outline, { path, outline });
      }),
  );

  server.registerTool(
    'explain_rank',
    {
      title: 'Explain a rank',
      description:
        'Why a file ranks where it does in the map: its PageRank and position, and the identifiers it defines through which ' +
        'rank flows in, with the files that send the most. chat_files, mentioned_idents and history rank as repo_map would with them.',
      inputSchema: {
        path: z.string().min(1).describe('Root-relative path of the file'),
        chat_files: pathList.optional(),
        mentioned_idents: z.array(z.string().min(1)).max(500).optional(),
        history: z.boolean().optional().describe('Rank with co-change history as repo_map does (default: the server\'s --history)'),
      },
    },
    (args, extra) =>
      run('explain_rank', extra, async () => {
        const path = relPath(args.path, 'path');
        const explanation = await session.explainRank(path, mapRequest(args));
        if (!explanation) return failure(`${path} is not in the graph (no definitions or references link it)`);
        let text = `${explanation.path}: rank ${explanation.rank.toExponential(3)}, #${explanation.position} of ${explanation.files} files\n`;
        for (const entry of explanation.incoming) {
          text += `${entry.ident} ${entry.share.toExponential(3)} ← ${entry.from.map((source) => source.path).join(', ')}\n`;
        }
        return ok(text, { ...explanation });
      }),
  );

  server.registerTool(
    'cache_stats',
    {
      title: 'Cache statistics',
      description: "The cache's entries, sizes and hit rates and the last build's timings (what `repomap stats --json` prints).",
      inputSchema: {},
    },
    (_args, extra) =>
      run('cache_stats', extra, async () => {
        const stats = deps.cacheStats();
        return ok(JSON.stringify(stats, null, 2), { stats: stats as Record<string, unknown> | null });
      }),
  );

  server.registerResource(
    'map',
    'repomap://map',
    { title: 'Repository map', description: 'The default ranked map of the repository', mimeType: 'text/plain' },
    (uri) =>
      deps.current(async () => {
        const result = await session.map(deps.defaults);
        return { contents: [{ uri: uri.href, mimeType: 'text/plain' as const, text: result.text }] };
      }),
  );

  return server;
}
