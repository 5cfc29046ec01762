/**
 * Turns raw map flags (build, watch, mcp, graph) into validated RepoSettings and a MapRequest
 * before any work starts: every bad value is a UsageError (exit 2) that names the flag.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { getLanguage } from '../languages.js';
import { CacheConfig, remoteFlags } from '../store/cache-config.js';
import { DEFAULT_STYLE, MAP_STYLES, type MapStyle } from '../render/render-snippet.js';
import { DEFAULT_TOKENIZER, isTokenizerName, TOKENIZERS, type TokenizerName } from '../render/token-counter.js';
import type { BuildMapOptions, MapRequest, RepoSettings } from '../session/types.js';
import { resolveOutputTarget, type OutputTarget } from './output-target.js';
import { resolveRoot, toRootRelative } from './resolve-root.js';

/** Node's global (the project's TypeScript libs leave out the DOM, where it is declared). */
declare const WebAssembly: { validate(bytes: Uint8Array): boolean };

export const DEFAULT_TOKENS = 1024;
export const OUTPUT_FORMATS = ['text', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Flags as commander hands them over: strings, string lists and booleans. */
export interface RawBuildFlags {
  root?: string;
  chat?: string[];
  mentionFile?: string[];
  mentionIdent?: string[];
  prompt?: string;
  tokens?: string;
  tokenizer?: string;
  style?: string;
  history?: boolean;
  format?: string;
  output?: string;
  maxFileBytes?: string;
  workers?: string;
  parseBudget?: string;
  grammar?: string[];
  exclude?: string[];
  mapMulNoFiles?: string;
  maxContextWindow?: string;
  verbose?: boolean;
  quiet?: boolean;
  cacheDir?: string;
  cache?: boolean;
  refresh?: string;
  forceRefresh?: boolean;
  remote?: string | false;
  remoteMode?: string;
  remoteNamespace?: string;
  remoteTtl?: string;
}

export interface BuildCommandOptions {
  settings: RepoSettings;
  request: MapRequest;
  /** settings and request together, as a one-shot build takes them. */
  build: BuildMapOptions;
  format: OutputFormat;
  output?: OutputTarget;
  verbose: boolean;
  quiet: boolean;
}

export function parsePositiveInteger(flag: string, value: string | undefined, fallback: number): number;
export function parsePositiveInteger(flag: string, value: string | undefined, fallback?: number): number | undefined;
export function parsePositiveInteger(flag: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag}: expected a positive whole number, got '${value}'`);
  }
  return Number(value);
}

function parseNonNegativeInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag}: expected a whole number, got '${value}'`);
  return Number(value);
}

function parsePositiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${flag}: expected a positive number, got '${value}'`);
  return number;
}

export function parseTokenizer(value: string | undefined): TokenizerName {
  if (value === undefined) return DEFAULT_TOKENIZER;
  if (!isTokenizerName(value)) throw new UsageError(`--tokenizer: unknown tokenizer '${value}'; expected ${TOKENIZERS.join(', ')}`);
  return value;
}

export function parseStyle(value: string | undefined): MapStyle {
  if (value === undefined) return DEFAULT_STYLE;
  if (!(MAP_STYLES as readonly string[]).includes(value)) throw new UsageError(`--style: unknown style '${value}'; expected ${MAP_STYLES.join(', ')}`);
  return value as MapStyle;
}

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format: unknown format '${value}'; expected ${OUTPUT_FORMATS.join(', ')}`);
  }
  return value as OutputFormat;
}

/** aider's enlarged budget is `--max-context-window` minus this many tokens (kept for the chat). */
export const CONTEXT_WINDOW_RESERVE_TOKENS = 4096;

/** `--grammar <language>=<file.wasm>`, repeatable: the file must exist and be a WebAssembly module. */
export function parseGrammarOverrides(values: string[], cwd: string): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const overrides: Record<string, string> = {};
  for (const value of values) {
    const [language, file] = [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)];
    if (!value.includes('=') || !language || !file) throw new UsageError(`--grammar: expected <language>=<file.wasm>, got '${value}'`);
    if (!getLanguage(language)) throw new UsageError(`--grammar: unknown language '${language}' (see repomap languages)`);
    overrides[language] = path.resolve(cwd, file);
    checkWasmFile(overrides[language], file);
  }
  return overrides;
}

function checkWasmFile(absPath: string, label: string): void {
  if (!statSync(absPath, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`--grammar: no such file: ${label}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absPath);
  } catch (error) {
    throw new UsageError(`--grammar: cannot read ${label}: ${(error as Error).message}`);
  }
  if (!WebAssembly.validate(bytes)) throw new UsageError(`--grammar: ${label} is not a WebAssembly module (a tree-sitter grammar .wasm)`);
}

function parseContextWindow(value: string | undefined): number | undefined {
  const window = parsePositiveInteger('--max-context-window', value);
  if (window !== undefined && window <= CONTEXT_WINDOW_RESERVE_TOKENS) {
    throw new UsageError(`--max-context-window: ${window} leaves no map budget (the map gets the window minus ${CONTEXT_WINDOW_RESERVE_TOKENS} tokens)`);
  }
  return window;
}

export function resolveBuildOptions(paths: string[], flags: RawBuildFlags, cwd: string): BuildCommandOptions {
  if (flags.verbose && flags.quiet) throw new UsageError('--verbose and --quiet cannot be used together');
  const root = resolveRoot(flags.root, cwd);
  const rel = (flag: string, mustBeFile: boolean) => (input: string) =>
    toRootRelative(input, { flag, root, cwd, mustExist: true, mustBeFile });
  const limits = paths.map(rel('[paths]', false));
  const output = resolveOutputTarget(flags.output, cwd, root);
  const settings: RepoSettings = {
    root,
    paths: limits.includes('') ? [] : limits,
    // The file --output writes is never part of the map it holds.
    excludeDirs: output?.kind === 'file' && output.relPath ? [output.relPath] : undefined,
    exclude: flags.exclude,
    maxFileBytes: parsePositiveInteger('--max-file-bytes', flags.maxFileBytes),
    workers: parseNonNegativeInteger('--workers', flags.workers),
    parseBudgetMs: parsePositiveInteger('--parse-budget', flags.parseBudget ?? process.env.REPO_MAP_PARSE_BUDGET_MS),
    grammarOverrides: parseGrammarOverrides(flags.grammar ?? [], cwd),
    cache: CacheConfig.fromEnv(root, { ...remoteFlags(flags), cacheDir: flags.cacheDir, cache: flags.cache, refresh: flags.refresh }, process.env, cwd),
  };
  const request: MapRequest = {
    chatFiles: (flags.chat ?? []).map(rel('--chat', true)),
    mentionedFiles: (flags.mentionFile ?? []).map(rel('--mention-file', false)),
    mentionedIdents: flags.mentionIdent ?? [],
    prompt: flags.prompt,
    tokens: parsePositiveInteger('--tokens', flags.tokens, DEFAULT_TOKENS),
    tokenizer: parseTokenizer(flags.tokenizer),
    style: parseStyle(flags.style),
    history: flags.history ?? false,
    mapMulNoFiles: parsePositiveNumber('--map-mul-no-files', flags.mapMulNoFiles),
    maxContextWindow: parseContextWindow(flags.maxContextWindow),
    forceRefresh: flags.forceRefresh ?? false,
  };
  return {
    settings,
    request,
    build: { ...settings, ...request },
    format: parseFormat(flags.format),
    output,
    verbose: flags.verbose ?? false,
    quiet: flags.quiet ?? false,
  };
}
