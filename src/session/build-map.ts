/**
 * The one place that composes caches with the pipeline (SPEC B): discover, work out what every
 * file holds now, answer from the MapCache when the key matches, else compute the map (tags from
 * the last index, the TagCache or the parser; snippets from the TreeCache) and store what was
 * learnt. The computing half is imported only on a miss, so a warm build loads neither
 * tree-sitter nor the tokenizer. No printing: progress and warnings go to callbacks.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { discoverFiles, type DiscoveryResult } from '../discovery/discover-files.js';
import { mentionsFromPrompt } from '../graph/prompt-mentions.js';
import { chooseHeaderLanguage } from '../languages.js';
import { PACKAGE_VERSION } from '../package-root.js';
import { compareCodePoints, isWithin, toAbsPath } from '../paths.js';
import type { CacheManager, LastBuild } from '../store/cache-manager.js';
import { MapCacheKey } from '../store/map-cache.js';
import type { FileState } from '../store/tag-cache.js';
import type { GrammarRegistry } from '../tags/grammar-registry.js';
import type { TokenCounterHandle } from '../render/token-counter.js';
import type { SkippedFile, SourceFile } from '../types.js';
import { currentFileStates, type InputFile } from './file-states.js';
import { languageFingerprints, stateKey } from './fingerprints.js';
import { fetchSharedMap, isMapShareable, RemoteTier, settleRemote, shareMap } from './remote-tier.js';
import type { BuildMapOptions, BuildMapResult, StageTimings } from './types.js';


export async function buildRepoMap(options: BuildMapOptions): Promise<BuildMapResult> {
  try {
    return await buildOnce(options);
  } catch (error) {
    // A database damaged in a way opening could not see: set it aside and build once more.
    const file = corruptDatabaseFile(error);
    if (!file) throw error;
    const { quarantineDatabase } = await import('../store/database.js');
    const aside = quarantineDatabase(file);
    options.onWarning?.(`the cache ${file} was damaged (${(error as Error).message}); moved it to ${aside} and rebuilt it`);
    return buildOnce(options);
  }
}

class DatabaseTrouble extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super((cause as Error).message, { cause });
  }
}

function corruptDatabaseFile(error: unknown): string | undefined {
  if (!(error instanceof DatabaseTrouble)) return undefined;
  const code = (error.cause as { code?: string }).code ?? '';
  return ['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX'].includes(code) ? error.file : undefined;
}

async function buildOnce(options: BuildMapOptions): Promise<BuildMapResult> {
  const timings: StageTimings = { discover: 0, parse: 0, rank: 0, fit: 0, render: 0, total: 0 };
  const started = performance.now();
  const root = path.resolve(options.root);
  const cacheDir = options.cache?.enabled ? options.cache.dir : undefined;
  const excludeDirs = [...(options.excludeDirs ?? [])];
  const cacheInRoot = cacheDir ? path.relative(root, cacheDir) : '';
  if (cacheInRoot && !cacheInRoot.startsWith('..') && !path.isAbsolute(cacheInRoot)) {
    excludeDirs.push(cacheInRoot.split(path.sep).join('/'));
  }
  const discovery = discoverFiles({ root, maxFileBytes: options.maxFileBytes, excludeDirs, exclude: options.exclude });
  const chatFiles = new Set(options.chatFiles ?? []);
  const limits = options.paths ?? [];
  const sources = inputSources(discovery, chatFiles, limits);
  const otherCandidates = sources.filter((file) => !chatFiles.has(file.relPath)).map((file) => file.relPath);
  const headerLanguage = chooseHeaderLanguage(discovery.files.map((file) => file.relPath));
  const mentions = options.prompt ? mentionsFromPrompt(options.prompt, otherCandidates) : { files: new Set<string>(), idents: new Set<string>() };
  const mentionedFiles = new Set([...(options.mentionedFiles ?? []), ...mentions.files]);
  const mentionedIdents = new Set([...(options.mentionedIdents ?? []), ...mentions.idents]);
  const budget = effectiveBudget(options, chatFiles.size);
  const tokenizer = options.tokenizer ?? 'o200k';
  const mode = options.cache?.refresh ?? 'always';

  let cache: CacheManager | undefined;
  if (options.cache?.enabled) {
    const { CacheManager } = await import('../store/cache-manager.js');
    cache = new CacheManager(options.cache, root);
    if (cache.warning) options.onWarning?.(cache.warning);
  }
  // The team cache sits below the local one (its keys need the hashes and fingerprints the cache computes).
  const remote = cache ? await RemoteTier.open(options.cache?.remote, options.remoteStore, options.onWarning) : undefined;
  let registry: GrammarRegistry | undefined;
  let tokenCounter: TokenCounterHandle | undefined;
  const guard = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (cache?.file && (error as { code?: string }).code?.startsWith('SQLITE_')) throw new DatabaseTrouble(cache.file, error);
      throw error;
    }
  };

  try {
    // What every file holds now: from the files table when its stat is unchanged.
    let files: InputFile[];
    let updates: FileState[] = [];
    let skipped: SkippedFile[] = [...discovery.skipped];
    let rehashed = 0;
    let freshLanguages = new Set<string>();
    let freshCount = 0;
    if (cache) {
      const states = guard(() => currentFileStates(sources, cache!.tags, headerLanguage));
      freshLanguages = states.freshLanguages;
      freshCount = states.freshFiles;
      files = states.files;
      updates = states.updates;
      skipped.push(...states.skipped);
      rehashed = states.rehashed;
      // A changed file invalidates its snippets and the maps that read it, nothing else. Maps of
      // the `files` and `manual` modes ignore contents on purpose and are kept.
      if (states.changed.length > 0 && (mode === 'auto' || mode === 'always')) {
        guard(() => {
          for (const relPath of states.changed) cache!.trees.invalidate(relPath);
          cache!.maps.invalidateByFiles(states.changed);
        });
      }
    } else {
      files = sources.map(({ relPath, absPath, size }) => ({ relPath, absPath, size }));
    }
    const skippedEarly = new Set(skipped.map((skip) => skip.relPath));
    const otherFiles = otherCandidates.filter((relPath) => !skippedEarly.has(relPath));
    timings.discover = performance.now() - started;

    // The MapCache (its key hashes every file's path and content: only worth it with a cache).
    const fingerprints = cache
      ? guard(() => languageFingerprints(files.flatMap((file) => (file.language ? [file.language] : [])), cache, options.grammarOverrides))
      : undefined;
    const key = cache && new MapCacheKey({
      chatFiles,
      otherFiles,
      budget,
      mentionedFiles,
      mentionedIdents,
      tokenizer,
      state: stateKey({
        mode,
        settings: { version: PACKAGE_VERSION, limits, exclude: options.exclude ?? [], maxFileBytes: options.maxFileBytes ?? null, headerLanguage, grammarOverrides: options.grammarOverrides ?? null },
        fingerprints: fingerprints ?? new Map(),
        files,
      }),
    });
    if (cache && key && mode !== 'always' && !options.forceRefresh) {
      const hit =
        guard(() => (mode === 'manual' ? (cache!.maps.getLast() ?? cache!.maps.get(key)) : cache!.maps.get(key))) ??
        (remote && isMapShareable(mode, options.grammarOverrides) ? await fetchSharedMap(remote, cache.maps, key, key.describe(mode)) : undefined);
      if (hit !== undefined) {
        const result = { ...(JSON.parse(hit) as BuildMapResult), root };
        timings.total = performance.now() - started;
        result.stats = { ...result.stats, warm: true, parsed: 0, fromCache: 0, rehashed, timings };
        guard(() => {
          cache!.tags.updateFiles(updates);
          cache!.recordRun(lastBuild(result, true));
        });
        return result;
      }
    }

    const { computeMap, startTokenCounterWorker } = await import('./compute-map.js');
    tokenCounter = startTokenCounterWorker(tokenizer);
    // After a few edits, start compiling the edited files' grammars (WASM compiles off this
    // thread) while the last index is read back.
    if (cache && freshLanguages.size > 0 && freshCount <= PREWARM_MAX_FILES) {
      const { GrammarRegistry } = await import('../tags/grammar-registry.js');
      registry = new GrammarRegistry({ grammarOverrides: options.grammarOverrides });
      for (const language of freshLanguages) registry.get(language).catch(() => undefined);
    }
    const snapshot = cache ? await loadSnapshot(cache, guard) : undefined;
    const computed = await computeMap({
      root,
      files,
      chatFiles,
      otherFiles,
      mentionedFiles,
      mentionedIdents,
      budget,
      tokenizer,
      headerLanguage,
      grammarOverrides: options.grammarOverrides,
      workers: options.workers,
      onProgress: options.onProgress,
      fingerprints,
      snapshot,
      registry,
      tokenCounter,
      tagCache: cache?.tags,
      treeCache: cache?.trees,
      remote,
    });
    skipped = [...skipped, ...computed.skipped].sort((a, b) => compareCodePoints(a.relPath, b.relPath));
    timings.parse = computed.timings.parse;
    timings.rank = computed.timings.rank;
    timings.fit = computed.timings.fit;
    const result: BuildMapResult = {
      root,
      text: computed.text,
      tokens: computed.tokens,
      budget,
      tokenizer,
      files: computed.files,
      skipped,
      stats: {
        warm: false,
        parsed: computed.counts.parsed,
        fromCache: computed.counts.fromCache + computed.counts.fromSnapshot,
        rehashed,
        discovered: discovery.files.length,
        tagged: computed.index.fileCount,
        definitions: computed.graph.definitions,
        graphNodes: computed.graph.nodes,
        rankedEntries: computed.graph.rankedEntries,
        mapEntries: computed.graph.mapEntries,
        pagerankIterations: computed.pagerank.iterations,
        pagerankConverged: computed.pagerank.converged,
        personalized: computed.pagerank.personalized,
        languages: countLanguages(computed.languages),
        usedGit: discovery.usedGit,
        timings,
      },
    };

    if (cache) {
      const stale = new Set(computed.staleFiles);
      const store = cache;
      const { encodeSnapshot } = await import('./snapshot.js');
      guard(() => {
        store.tags.putMany(computed.newTags);
        store.tags.updateFiles(updates.filter((state) => !stale.has(state.relPath)));
        if (snapshotDrift(snapshot, computed) > SNAPSHOT_REWRITE_DRIFT * computed.index.fileCount + SNAPSHOT_REWRITE_MIN_FILES) {
          store.setSnapshot(encodeSnapshot(computed.index, computed.keys));
        }
        store.trees.flush();
        // A map built from files that changed under us is not stored.
        if (stale.size === 0 && key) store.maps.set(key, key.describe(mode), JSON.stringify(result));
        if (stale.size === 0 && key && remote && isMapShareable(mode, options.grammarOverrides)) shareMap(remote, key, result);
        store.enforceSizeCap();
      });
    }
    timings.total = performance.now() - started;
    if (cache) guard(() => cache!.recordRun(lastBuild(result, false)));
    return result;
  } finally {
    await tokenCounter?.close();
    await registry?.close();
    if (remote) await settleRemote(remote, cache, options.onRemoteFlush);
    cache?.close();
  }
}

/** Up to this many new or changed files are parsed in this thread with grammars loaded early. */
const PREWARM_MAX_FILES = 64;

/**
 * The last index is rewritten only once it has drifted: a build after a few edits patches it
 * again from the TagCache for a few milliseconds, while rewriting the kernel's index costs ~1 s.
 */
const SNAPSHOT_REWRITE_DRIFT = 0.01;
const SNAPSHOT_REWRITE_MIN_FILES = 50;

/** Files that are in this build's index but not taken from the snapshot, plus those gone from it. */
function snapshotDrift(snapshot: { index: { fileCount: number } } | undefined, computed: { index: { fileCount: number }; counts: { fromSnapshot: number } }): number {
  if (!snapshot) return Number.POSITIVE_INFINITY;
  return computed.index.fileCount - computed.counts.fromSnapshot + (snapshot.index.fileCount - computed.counts.fromSnapshot);
}

async function loadSnapshot(cache: CacheManager, guard: <T>(work: () => T) => T) {
  const data = guard(() => cache.getSnapshot());
  if (!data) return undefined;
  const { decodeSnapshot } = await import('./snapshot.js');
  return decodeSnapshot(data);
}

function lastBuild(result: BuildMapResult, warm: boolean): LastBuild {
  const skipped: Record<string, number> = {};
  for (const skip of result.skipped) skipped[skip.reason] = (skipped[skip.reason] ?? 0) + 1;
  return {
    at: Date.now(),
    warm,
    timings: { ...result.stats.timings },
    languages: result.stats.languages,
    skipped,
    files: result.stats.discovered,
    parsed: warm ? 0 : result.stats.parsed,
  };
}

/** The files to map, in path order: discovered ones (within the limits) and the chat files. */
function inputSources(discovery: DiscoveryResult, chatFiles: ReadonlySet<string>, limits: readonly string[]): SourceFile[] {
  const inputs = discovery.files.filter(
    (file) => chatFiles.has(file.relPath) || limits.length === 0 || limits.some((limit) => isWithin(file.relPath, limit)),
  );
  const listed = new Set(inputs.map((file) => file.relPath));
  for (const relPath of chatFiles) {
    // A chat file may be one discovery leaves out (ignored by git): the user named it, so tag it.
    if (!listed.has(relPath)) inputs.push({ relPath, absPath: toAbsPath(discovery.root, relPath), size: 0, mtimeMs: 0 });
  }
  return inputs.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
}

/** aider's optional enlargement when no file is in the chat: min(budget × M, W − 4096). */
function effectiveBudget(options: BuildMapOptions, chatCount: number): number {
  const budget = options.tokens ?? 1024;
  if (chatCount > 0 || !options.mapMulNoFiles) return budget;
  const enlarged = Math.floor(budget * options.mapMulNoFiles);
  return options.maxContextWindow ? Math.max(1, Math.min(enlarged, options.maxContextWindow - 4096)) : enlarged;
}

function countLanguages(languages: ReadonlyMap<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const language of languages.values()) counts[language] = (counts[language] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareCodePoints(a, b)));
}
