/** The library-facing shapes of a build: its options and its result. */
import type { FileGraph } from '../graph/file-graph.js';
import type { MapStyle } from '../render/render-snippet.js';
import type { TokenizerName } from '../render/token-counter.js';
import type { CacheConfig } from '../store/cache-config.js';
import type { RemoteStore } from '../store/remote/remote-store.js';
import type { SkippedFile } from '../types.js';

export { MAP_STYLES, type MapStyle } from '../render/render-snippet.js';

export type BuildProgress =
  | { stage: 'parse'; done: number; total: number }
  /** The build waits for another one doing the same work (see session/share-work). */
  | { stage: 'wait'; what: string };

/** What belongs to the repository: fixed for the life of a session (SPEC B6). */
export interface RepoSettings {
  /** Repository root (absolute). */
  root: string;
  /** Root-relative files or directories the map is limited to; empty or absent means all. */
  paths?: string[];
  maxFileBytes?: number;
  /** Root-relative directories never listed (such as the cache directory). */
  excludeDirs?: string[];
  /** Gitignore-style patterns of files to leave out of the map (`--exclude`). */
  exclude?: string[];
  /** Language id → `.wasm` file replacing the packaged grammar (e.g. a newer build). */
  grammarOverrides?: Record<string, string>;
  /** Worker threads for parsing; 0 parses in this thread; default by workload. */
  workers?: number;
  /** Milliseconds one file's parse and tags query may take before it is skipped as `parse-timeout`. */
  parseBudgetMs?: number;
  /** Cache settings; absent: no cache (the CLI passes CacheConfig.fromEnv unless --no-cache). */
  cache?: CacheConfig;
  /**
   * A team cache of the caller's own (e.g. a MemoryRemoteStore shared by sessions), used instead
   * of the server in `cache.remote`; it works below the local cache, so it needs `cache`.
   */
  remoteStore?: RemoteStore;
  /**
   * Receives the remote write-back's completion (bounded by a deadline) so the caller can print
   * the map first and wait after; without it the build waits for the write-back itself.
   */
  onRemoteFlush?(flushed: Promise<void>): void;
  onProgress?(progress: BuildProgress): void;
  /** Called with one line when something is worth telling the user (a rebuilt cache, …). */
  onWarning?(message: string): void;
}

/** What belongs to one map: a session answers many of these (and a socket carries them). */
export interface MapRequest {
  /** Root-relative files in the chat: they personalize the ranking and are never shown. */
  chatFiles?: string[];
  mentionedFiles?: string[];
  mentionedIdents?: string[];
  /** Free text from which mentioned files and identifiers are derived (SPEC A1). */
  prompt?: string;
  /** Token budget, a hard limit. Default 1024. */
  tokens?: number;
  tokenizer?: TokenizerName;
  /** How a file's lines are shown: `aider` (default; aider's format) or `compact` (full signatures, no body lines). */
  style?: MapStyle;
  /**
   * Files that changed together with the chat files in the commits before HEAD add to the
   * personalization (git repositories only; `git log` once per HEAD, bounded). Off by default.
   */
  history?: boolean;
  /** With no chat files, multiply the budget by this (aider's map_mul_no_files). Off by default. */
  mapMulNoFiles?: number;
  /** Cap for the enlarged budget: this minus 4096. */
  maxContextWindow?: number;
  /** Rebuild the map even when a cached one matches (refresh mode `manual` needs this to update). */
  forceRefresh?: boolean;
  /** Also return the ranked file graph the map used (`result.graph`, SPEC B9); never served from the MapCache. */
  withGraph?: boolean;
  /** With withGraph: keep this many best-ranked files (default DEFAULT_GRAPH_TOP, 500). */
  graphTop?: number;
}

/** A one-shot build: the repository's settings and one request. */
export type BuildMapOptions = RepoSettings & MapRequest;

export interface StageTimings {
  discover: number;
  parse: number;
  rank: number;
  fit: number;
  render: number;
  total: number;
}

export interface MapFile {
  path: string;
  /** The file's PageRank (0 for files outside the graph). */
  rank: number;
  /** Tokens of this file's block counted on its own. */
  tokens: number;
  definitions: Array<{ name: string; kind: string; line: number }>;
}

export interface BuildStats {
  /** True when the map came from the MapCache. */
  warm: boolean;
  /** Files parsed for tags in this build, and files whose tags came from a cache. */
  parsed: number;
  fromCache: number;
  /** Files that were read and hashed because their size or mtime changed. */
  rehashed: number;
  discovered: number;
  tagged: number;
  definitions: number;
  graphNodes: number;
  rankedEntries: number;
  mapEntries: number;
  pagerankIterations: number;
  pagerankConverged: boolean;
  personalized: boolean;
  languages: Record<string, number>;
  usedGit: boolean;
  timings: StageTimings;
}

export interface BuildMapResult {
  root: string;
  text: string;
  tokens: number;
  budget: number;
  tokenizer: TokenizerName;
  files: MapFile[];
  skipped: SkippedFile[];
  stats: BuildStats;
  /** With request.withGraph: the graph the map was ranked on. */
  graph?: FileGraph;
}
