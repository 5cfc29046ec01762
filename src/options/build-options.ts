/**
 * Turns raw map flags (build, watch, mcp, graph) into validated RepoSettings and a MapRequest
 * before any work starts: every bad value is a UsageError (exit 2) that names the flag.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { getLanguage } from '../languages.js';
import { CacheConfig, remoteFlags } from '../store/cache-config.js';
import { DEFAULT_TOKENIZER, isTokenizerName, TOKENIZERS, type TokenizerName } from '../render/token-counter.js';
import type { BuildMapOptions, MapRequest, RepoSettings } from '../session/types.js';
import { resolveRoot, toRootRelative } from './resolve-root.js';

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
  format?: string;
  output?: string;
  maxFileBytes?: string;
  workers?: string;
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
  output?: string;
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

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format: unknown format '${value}'; expected ${OUTPUT_FORMATS.join(', ')}`);
  }
  return value as OutputFormat;
}

/** `--grammar <language>=<file.wasm>`, repeatable. */
export function parseGrammarOverrides(values: string[], cwd: string): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const overrides: Record<string, string> = {};
  for (const value of values) {
    const [language, file] = [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)];
    if (!value.includes('=') || !language || !file) throw new UsageError(`--grammar: expected <language>=<file.wasm>, got '${value}'`);
    if (!getLanguage(language)) throw new UsageError(`--grammar: unknown language '${language}' (see repomap languages)`);
    overrides[language] = path.resolve(cwd, file);
  }
  return overrides;
}

export function resolveBuildOptions(paths: string[], flags: RawBuildFlags, cwd: string): BuildCommandOptions {
  if (flags.verbose && flags.quiet) throw new UsageError('--verbose and --quiet cannot be used together');
  const root = resolveRoot(flags.root, cwd);
  const rel = (flag: string, mustBeFile: boolean) => (input: string) =>
    toRootRelative(input, { flag, root, cwd, mustExist: true, mustBeFile });
  const limits = paths.map(rel('[paths]', false));
  const settings: RepoSettings = {
    root,
    paths: limits.includes('') ? [] : limits,
    exclude: flags.exclude,
    maxFileBytes: parsePositiveInteger('--max-file-bytes', flags.maxFileBytes),
    workers: parseNonNegativeInteger('--workers', flags.workers),
    grammarOverrides: parseGrammarOverrides(flags.grammar ?? [], cwd),
    cache: CacheConfig.fromEnv(root, { ...remoteFlags(flags), cacheDir: flags.cacheDir, cache: flags.cache, refresh: flags.refresh }, process.env, cwd),
  };
  const request: MapRequest = {
    chatFiles: (flags.chat ?? []).map(rel('--chat', true)),
    mentionedFiles: (flags.mentionFile ?? []).map((input) => toRootRelative(input, { flag: '--mention-file', root, cwd, mustExist: false })),
    mentionedIdents: flags.mentionIdent ?? [],
    prompt: flags.prompt,
    tokens: parsePositiveInteger('--tokens', flags.tokens, DEFAULT_TOKENS),
    tokenizer: parseTokenizer(flags.tokenizer),
    mapMulNoFiles: parsePositiveNumber('--map-mul-no-files', flags.mapMulNoFiles),
    maxContextWindow: parsePositiveInteger('--max-context-window', flags.maxContextWindow),
    forceRefresh: flags.forceRefresh ?? false,
  };
  return {
    settings,
    request,
    build: { ...settings, ...request },
    format: parseFormat(flags.format),
    output: flags.output,
    verbose: flags.verbose ?? false,
    quiet: flags.quiet ?? false,
  };
}
