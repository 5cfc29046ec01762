/**
 * A long-lived view of one repository (SPEC B6): `open(settings)` → `refresh(paths?)` →
 * `map(request)` → `close()`. It owns the cache manager, the grammar registry, the token
 * counters, what every file holds now and the live tag index of the last map, which the next
 * map patches by copying unchanged files' entries. A one-shot build is the same four calls.
 * Heavy modules (tree-sitter, the tokenizer, ranking) load only when a map is computed, so a
 * map served from the MapCache never loads them. No printing: warnings and progress go to the
 * settings' callbacks.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MAX_FILE_BYTES, discoverFiles, statFile, type DiscoveryResult } from '../discovery/discover-files.js';
import { trackedFileCount } from '../discovery/git-files.js';
import { readHead, readHistory, type GitHistory } from '../discovery/git-history.js';
import { coChangeShares } from '../graph/co-change.js';
import { mentionsFromPrompt } from '../graph/prompt-mentions.js';
import { chooseHeaderLanguage } from '../languages.js';
import { PACKAGE_VERSION } from '../package-root.js';
import { compareCodePoints, isWithin, toAbsPath } from '../paths.js';
import { DEFAULT_STYLE, RENDERER_VERSION } from '../render/render-snippet.js';
import type { TokenCounterHandle, TokenizerName } from '../render/token-counter.js';
import type { RefreshMode } from '../store/cache-config.js';
import type { CacheManager, CacheStatistics, LastBuild } from '../store/cache-manager.js';
import { MapCacheKey } from '../store/map-cache.js';
import type { FileState, TagKey } from '../store/tag-cache.js';
import type { GrammarRegistry } from '../tags/grammar-registry.js';
import { READ_SKIP_REASONS } from '../tags/read-source.js';
import { IN_THREAD_MAX_FILES, prestartWorkerCount } from '../tags/thread-choice.js';
import type { SkippedFile, SourceFile } from '../types.js';
import { BINARY_LANGUAGE, currentFileStates, languageFor, type InputFile, type LearnedFile } from './file-states.js';
import { languageFingerprints, stateKey } from './fingerprints.js';
import { groupIdents, IdentWeightMemo, type IdentGroups } from '../graph/build-graph.js';
import type { RankExplanation } from '../graph/explain-rank.js';
import type { TagIndex } from '../graph/tag-index.js';
import type { IndexedTags } from './index-tags.js';
import type { RankMemo } from './rank-map.js';
import { definitionRows, findDefinitions, findReferences, type DefinitionHit, type DefinitionQuery, type ReferenceHit } from './queries.js';
import type { SnippetSource as SnippetSourceType } from './snippet-source.js';
import { SourceLines } from './source-lines.js';
import { fetchSharedMap, isMapShareable, RemoteTier, settleRemote, shareMap } from './remote-tier.js';
import { firstBuildWork, takeTurn, type WorkTurn } from './share-work.js';
import type { IndexSnapshot } from './snapshot.js';
import type { BuildMapResult, MapRequest, RepoSettings, StageTimings } from './types.js';

/** What a refresh found, by root-relative path. */
export interface FileChanges {
  changed: string[];
  added: string[];
  removed: string[];
}

export interface SessionOpenOptions {
  /**
   * A session that answers one map and closes (a one-shot build): it frees the index's
   * references once the graph holds them, which a live session needs for its next patch.
   */
  oneShot?: boolean;
}

/** A cold build of at least this many files starts the tokenizer only after grouping (see build). */
const LATE_TOKENIZER_MIN_FILES = 10_000;

/**
 * The snapshot on disk is rewritten only once the index has drifted from it: a build after a
 * few edits patches it again from the TagCache in milliseconds, while rewriting the kernel's
 * index costs ~1 s.
 */
const SNAPSHOT_REWRITE_DRIFT = 0.01;
const SNAPSHOT_REWRITE_MIN_FILES = 50;

/** Token counts remembered per tokenizer (file blocks recur from map to map). */
const TOKEN_COUNT_MEMO_ENTRIES = 20_000;

/** Maps remembered in memory for repeated requests while nothing changes. */
const MEMO_MAX_MAPS = 16;

/** A live identifier table is rebuilt once this share of its names is no longer used. */
const IDENT_COMPACT_DEAD_SHARE = 0.5;
/** ...checked after this many files were re-tagged since the last check (a check is O(tags)). */
const IDENT_COMPACT_CHECK_FILES = 256;

interface LiveIndex extends IndexSnapshot {
  languages: Map<string, string>;
}

export class RepoSession {
  readonly root: string;
  private discovery: DiscoveryResult | undefined;
  private headerLanguage = 'c';
  /** Input files (discovered, within the limits) by path, with what they hold now. */
  private files = new Map<string, InputFile>();
  /** Files the state sweep left out (binary, unreadable), by path. */
  private stateSkips = new Map<string, SkippedFile>();
  /** The files table as last known (cache only), and rows still to be written. */
  private known = new Map<string, FileState>();
  private pendingRows = new Map<string, FileState>();
  /** New or changed files since the last map, and their languages (grammars to load early). */
  private freshLanguages = new Set<string>();
  private freshFiles = 0;
  private rehashed = 0;
  /**
   * Whether the next sweep leaves files unread (InputFile.pendingRow): true only for the first,
   * into a cache holding no file and no tags, with no team cache to ask, where hashing first
   * would find nothing to look up.
   */
  private hashInWorkers = false;
  /** Whether tags workers were started at open (those no build took are ended at close). */
  private prestarted = false;
  private discoverMs = 0;
  private live: LiveIndex | undefined;
  /** Files re-tagged since the disk snapshot was written (Infinity: there is none). */
  private snapshotDrift = Number.POSITIVE_INFINITY;
  private retaggedSinceCompactCheck = 0;
  private generation = 0;
  private memo = new Map<string, BuildMapResult>();
  private fingerprintMemo = new Map<string, string>();
  private registry: GrammarRegistry | undefined;
  /** The last map's index and groups, reused while nothing changes (a new request only re-weighs). */
  private last: { inputsKey: string; indexed: IndexedTags; groups: IdentGroups } | undefined;
  private weightMemo = new IdentWeightMemo();
  private defaultRanks: { groups: IdentGroups; ranks: Map<string, number> } | undefined;
  private rankMemo: RankMemo = {};
  /** Rendered outlines and snippets of shown files, kept until their file changes. */
  private snippets: SnippetSourceType | undefined;
  /** Source lines of the files lookups answered with, kept until their file changes. */
  private readonly sourceLines: SourceLines;
  private readonly counters = new Map<TokenizerName, TokenCounterHandle>();
  /** The commit history read for --history, for the HEAD it was read at. */
  private history: GitHistory | undefined;
  private closed = false;
  /** A one-shot build's tags to store when it closes (after the map is out, with the CLI). */
  private unstoredTags: Array<TagKey & { data: string }> = [];

  private constructor(
    readonly settings: RepoSettings,
    private readonly cache: CacheManager | undefined,
    private readonly options: SessionOpenOptions,
    private readonly remote: RemoteTier | undefined,
  ) {
    this.root = path.resolve(settings.root);
    this.sourceLines = new SourceLines(this.root);
  }

  static async open(settings: RepoSettings, options: SessionOpenOptions = {}): Promise<RepoSession> {
    let cache: CacheManager | undefined;
    if (settings.cache?.enabled) {
      const { CacheManager } = await import('../store/cache-manager.js');
      // The store absorbs its own faults (full disk, read-only, locked, damaged): one warning, same map.
      cache = new CacheManager(settings.cache, path.resolve(settings.root), { onWarning: settings.onWarning });
    }
    // The team cache sits below the local one (its keys need the hashes and fingerprints the cache computes).
    const remote = cache ? await RemoteTier.open(settings.cache?.remote, settings.remoteStore, settings.onWarning) : undefined;
    const session = new RepoSession(settings, cache, options, remote);
    try {
      if (cache) {
        session.known = cache.tags.fileStates();
        session.hashInWorkers = session.known.size === 0 && !remote && cache.tags.isEmpty();
      }
    } catch (error) {
      cache?.close();
      throw error;
    }
    // A one-shot build that will parse every file starts its workers now, to overlap discovery.
    if (options.oneShot && (!cache || session.hashInWorkers)) {
      const count = prestartWorkerCount(settings.workers, trackedFileCount(session.root));
      if (count > 0) {
        (await import('../tags/tag-files.js')).prestartTagWorkers(count);
        session.prestarted = true;
      }
    }
    return session;
  }

  /** Files in the live index and names in its identifier table (for long-running health checks). */
  get indexSize(): { files: number; identifiers: number } {
    return { files: this.live?.index.fileCount ?? 0, identifiers: this.live?.index.identCount ?? 0 };
  }

  /**
   * Brings the session up to date: with `paths` (root-relative files that changed, appeared or
   * went away), looks only at those; without, sweeps the whole repository. A path that is new,
   * gone, or an ignore file re-runs discovery, since only discovery knows what is in.
   */
  async refresh(paths?: readonly string[]): Promise<FileChanges> {
    const before = this.fileIdentities();
    const started = performance.now();
    // Named paths are read again even if their stat looks unchanged (two writes in one tick).
    const forceRead = new Set(paths ?? []);
    if (paths === undefined || !this.discovery || this.needsDiscovery(paths)) this.sweep(forceRead);
    else this.refreshKnown(paths, forceRead);
    if (paths && !this.cache) this.forgetLiveEntries(paths);
    this.discoverMs = performance.now() - started;
    const changes = diffIdentities(before, this.fileIdentities());
    if (changes.changed.length + changes.added.length + changes.removed.length > 0 || paths?.length) {
      this.generation++;
      this.memo.clear();
      const touched = [...changes.changed, ...changes.removed, ...(paths ?? [])];
      this.snippets?.invalidate(touched);
      this.sourceLines.invalidate(touched);
    }
    return changes;
  }

  /** The commits before `head` (read once per HEAD); undefined when git cannot tell. */
  private async historyAt(head: string): Promise<GitHistory | undefined> {
    if (this.history?.head !== head) {
      this.history = await readHistory(this.root, head);
      if (!this.history) this.settings.onWarning?.('history: git log failed or took too long; the map is built without it');
    }
    return this.history;
  }

  /** The map for one request: byte-identical to a cold `build --no-cache` of the same tree. */
  async map(request: MapRequest = {}): Promise<BuildMapResult> {
    if (this.closed) throw new Error('the session is closed');
    if (!this.discovery) await this.refresh();
    const started = performance.now();
    const discovery = this.discovery!;
    const timings: StageTimings = { discover: this.discoverMs, parse: 0, rank: 0, fit: 0, render: 0, total: 0 };
    const chatFiles = new Set(request.chatFiles ?? []);
    const inputs = this.inputsFor(chatFiles);
    const { files, skipped: stateSkipped, otherCandidates } = inputs;
    const otherFiles = this.otherFilesOf(inputs);
    const mentions = request.prompt ? mentionsFromPrompt(request.prompt, otherCandidates) : { files: new Set<string>(), idents: new Set<string>() };
    const mentionedFiles = new Set([...(request.mentionedFiles ?? []), ...mentions.files]);
    const mentionedIdents = new Set([...(request.mentionedIdents ?? []), ...mentions.idents]);
    const budget = effectiveBudget(request, chatFiles.size);
    const tokenizer = request.tokenizer ?? 'o200k';
    const style = request.style ?? DEFAULT_STYLE;
    const mode: RefreshMode = this.settings.cache?.refresh ?? 'always';
    const cache = this.cache;
    // History is read per HEAD: a commit made while a session lives moves the maps to the new one.
    const historyHead = request.history ? (readHead(this.root) ?? '') : undefined;

    const memoKey = JSON.stringify([this.generation, [...chatFiles].sort(), budget, [...mentionedFiles].sort(), [...mentionedIdents].sort(), tokenizer, style, historyHead ?? null]);
    // Remembered and cached maps carry no graph: a request for the graph is always computed.
    const remembered = request.forceRefresh || request.withGraph || (mode === 'always' && cache) ? undefined : this.memo.get(memoKey);
    if (remembered) return warmCopy(remembered, 0, started, timings);

    // A first build into an empty cache: nothing to look up, and the hashes come from the workers.
    const pending = cache !== undefined && files.some((file) => file.pendingRow);
    const mapKey = ({ files, otherFiles }: { files: readonly InputFile[]; otherFiles: readonly string[] }): MapCacheKey => new MapCacheKey({
      chatFiles,
      otherFiles,
      budget,
      mentionedFiles,
      mentionedIdents,
      tokenizer,
      style,
      historyHead,
      state: stateKey({
        mode,
        settings: {
          version: PACKAGE_VERSION,
          renderer: RENDERER_VERSION,
          limits: this.limits,
          exclude: this.settings.exclude ?? [],
          maxFileBytes: this.settings.maxFileBytes ?? null,
          headerLanguage: this.headerLanguage,
          grammarOverrides: this.settings.grammarOverrides ?? null,
        },
        fingerprints: this.fingerprints(files),
        files,
      }),
    });
    let key = cache && !pending ? mapKey({ files, otherFiles }) : undefined;
    let turn: WorkTurn | undefined;
    if (cache && key && mode !== 'always' && !request.forceRefresh && !request.withGraph) {
      const lookupKey = key;
      const shareable = this.remote && isMapShareable(mode, this.settings.grammarOverrides) ? this.remote : undefined;
      const lookup = async (): Promise<string | undefined> =>
        (mode === 'manual' ? (cache.maps.getLast() ?? cache.maps.get(lookupKey)) : cache.maps.get(lookupKey)) ??
        (shareable ? await fetchSharedMap(shareable, cache.maps, lookupKey, lookupKey.describe(mode)) : undefined);
      let hit = await lookup();
      if (hit === undefined && cache.locks) {
        // No stampede: builds of the same request wait for the first one and print its map.
        turn = await takeTurn(cache.locks, shareable, `map:${lookupKey.id}`, () => this.settings.onProgress?.({ stage: 'wait', what: 'another build of the same map' }));
        if (turn.waited) {
          hit = await lookup();
          await turn.release();
          turn = undefined;
        }
      }
      if (hit !== undefined) {
        // A shared map carries no root (it names no local path): this one's is ours.
        const result = warmCopy({ ...(JSON.parse(hit) as BuildMapResult), root: this.root }, this.rehashed, started, timings);
        this.flushRows(new Set());
        cache.recordRun(lastBuild(result, true));
        this.remember(memoKey, result);
        return result;
      }
    }

    if (pending) {
      // Counted as the miss it is, though an empty cache is not asked.
      if (mode !== 'always' && !request.forceRefresh && !request.withGraph) cache.maps.counters.record(false);
      // Builds into the same empty cache at once: one reads and parses, the others wait for it
      // and then hash as usual, finding its tags and its map.
      turn = await takeTurn(cache.locks, undefined, firstBuildWork(this.root), () => this.settings.onProgress?.({ stage: 'wait', what: 'another build into the same empty cache' }));
      if (turn.waited) {
        this.known = cache.tags.fileStates();
        await this.refresh();
        return await this.map(request);
      }
    }

    try {
      const [{ indexTags }, { rankMap }, { SnippetSource }, { startTokenCounter, memoizeCounts }] = await Promise.all([
        import('./index-tags.js'),
        import('./rank-map.js'),
        import('./snippet-source.js'),
        import('../render/token-counter.js'),
      ]);
      const startCounter = (): TokenCounterHandle => {
        const started = startTokenCounter(tokenizer);
        const handle = { countMany: memoizeCounts(started.countMany, TOKEN_COUNT_MEMO_ENTRIES), close: started.close };
        this.counters.set(tokenizer, handle);
        return handle;
      };
      let counter = this.counters.get(tokenizer);
      if (cache && this.freshFiles <= IN_THREAD_MAX_FILES && this.freshLanguages.size > 0) {
        // Grammars of the edited files compile off this thread while the last index is read back.
        const registry = await this.grammarRegistry();
        for (const language of this.freshLanguages) registry.get(language).catch(() => undefined);
      }
      // Nothing changed since the last map and no new chat file: its index and groups still hold.
      const inputsKey = this.inputsKey(chatFiles);
      const reuse = this.last && this.last.inputsKey === inputsKey ? this.last : undefined;
      const previous = reuse ? undefined : (this.live ?? (cache ? await this.loadSnapshot() : undefined));
      // The tokenizer loads on its own thread while files are parsed; on a big cold build it waits
      // until the identifiers are grouped, so its heap is not resident beside both parse workers'.
      const lateCounter = !reuse && !previous && files.length >= LATE_TOKENIZER_MIN_FILES;
      if (!counter && !lateCounter) counter = startCounter();
      if (!reuse && previous !== this.live) this.weightMemo = new IdentWeightMemo();
      const parseStarted = performance.now();
      const indexed = reuse
        ? { ...reuse.indexed, newTags: [], staleFiles: [], counts: { parsed: 0, fromSnapshot: reuse.indexed.index.fileCount, fromCache: 0 } }
        : await indexTags({
            files,
            headerLanguage: this.headerLanguage,
            grammarOverrides: this.settings.grammarOverrides,
            maxFileBytes: this.settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
            workers: this.settings.workers,
            budgetMs: this.settings.parseBudgetMs,
            onProgress: this.settings.onProgress,
            fingerprints: cache ? { get: (language) => this.fingerprintOf(language) } : undefined,
            previous,
            inThreadRegistry: () => this.grammarRegistry(),
            tagCache: cache?.tags,
            remote: this.remote,
            locks: cache?.locks,
            onWarning: this.settings.onWarning,
          });
      timings.parse = performance.now() - parseStarted;
      if (pending) {
        // The key a build that hashed first would have looked up (binary files left out, say).
        this.learn(indexed.learned, indexed.skipped);
        const learned = this.inputsFor(chatFiles);
        key = mapKey({ files: learned.files, otherFiles: this.otherFilesOf(learned) });
      }
      const rankStarted = performance.now();
      const groups = reuse?.groups ?? groupIdents(indexed.index, this.weightMemo);
      // A one-shot build without a cache never needs the references again: free them before
      // ranking (~60 MB on the kernel).
      if (this.options.oneShot && !cache) indexed.index.releaseReferences();
      counter ??= startCounter();
      const groupMs = performance.now() - rankStarted;
      const skippedPaths = new Set(indexed.skipped.map((skip) => skip.relPath));
      const hashes = cache ? new Map(files.filter((file) => file.hash).map((file) => [file.relPath, file.hash!])) : undefined;
      this.snippets ??= new SnippetSource(this.root, cache?.trees, cache?.tags);
      const snippets = this.snippets;
      snippets.use(indexed, hashes);
      const ranked = await rankMap({
        groups,
        chatFiles,
        otherFiles: otherFiles.filter((relPath) => !skippedPaths.has(relPath)),
        inputFileCount: chatFiles.size + otherCandidates.length,
        mentionedFiles,
        mentionedIdents,
        budget,
        style,
        coChange: historyHead ? coChangeShares((await this.historyAt(historyHead))?.commits ?? [], chatFiles) : undefined,
        countMany: counter.countMany,
        snippets,
        memo: this.rankMemo,
        graph: request.withGraph ? { top: request.graphTop, languages: indexed.languages } : undefined,
      });
      timings.rank = groupMs + ranked.timings.rank;
      timings.fit = ranked.timings.fit;
      const skipped = [...discovery.skipped, ...stateSkipped, ...indexed.skipped].sort((a, b) => compareCodePoints(a.relPath, b.relPath));
      const result: BuildMapResult = {
        root: this.root,
        text: ranked.text,
        tokens: ranked.tokens,
        budget,
        tokenizer,
        files: ranked.files,
        skipped,
        stats: {
          warm: false,
          parsed: indexed.counts.parsed,
          fromCache: indexed.counts.fromCache + indexed.counts.fromSnapshot,
          rehashed: this.rehashed,
          discovered: discovery.files.length,
          tagged: indexed.index.fileCount,
          definitions: ranked.graph.definitions,
          graphNodes: ranked.graph.nodes,
          rankedEntries: ranked.graph.rankedEntries,
          mapEntries: ranked.graph.mapEntries,
          pagerankIterations: ranked.pagerank.iterations,
          pagerankConverged: ranked.pagerank.converged,
          personalized: ranked.pagerank.personalized,
          languages: countLanguages(indexed.languages),
          usedGit: discovery.usedGit,
          timings,
        },
        ...(ranked.fileGraph ? { graph: ranked.fileGraph } : {}),
      };

      if (!reuse) {
        const carried = indexed.counts.fromSnapshot;
        this.snapshotDrift += indexed.index.fileCount - carried + ((previous?.index.fileCount ?? 0) - carried);
        this.retaggedSinceCompactCheck += indexed.index.fileCount - carried;
      }
      if (this.options.oneShot) {
        this.live = undefined;
      } else if (!reuse) {
        const live = this.compacted({ index: indexed.index, keys: indexed.keys, languages: indexed.languages });
        this.live = live;
        // A compacted index has new identifier ids: its groups and memo start again.
        if (live.index !== indexed.index) this.weightMemo = new IdentWeightMemo();
        this.last = live.index === indexed.index && indexed.staleFiles.length === 0 ? { inputsKey, indexed, groups } : undefined;
      }
      this.freshFiles = 0;
      this.freshLanguages.clear();
      this.rehashed = 0;

      if (cache) {
        const stale = new Set(indexed.staleFiles);
        const { encodeSnapshot } = await import('./snapshot.js');
        // A one-shot build stores them on close: the CLI prints the map first.
        // ... unless builds wait on this one for them.
        if (this.options.oneShot && !pending) this.unstoredTags.push(...indexed.newTags);
        else cache.tags.putMany(indexed.newTags);
        this.flushRows(stale);
        if (this.snapshotDrift > SNAPSHOT_REWRITE_DRIFT * indexed.index.fileCount + SNAPSHOT_REWRITE_MIN_FILES) {
          cache.setSnapshot(encodeSnapshot(indexed.index, indexed.keys));
          this.snapshotDrift = 0;
        }
        cache.trees.flush();
        // A map built from files that changed under us is not stored.
        if (stale.size === 0 && key) cache.maps.set(key, key.describe(mode), JSON.stringify({ ...result, graph: undefined }));
        if (stale.size === 0 && key && this.remote && isMapShareable(mode, this.settings.grammarOverrides)) shareMap(this.remote, key, result);
        cache.enforceSizeCap();
      }
      timings.total = performance.now() - started;
      if (cache) cache.recordRun(lastBuild(result, false));
      if (indexed.staleFiles.length === 0) this.remember(memoKey, ranked.fileGraph ? { ...result, graph: undefined } : result);
      return result;
    } finally {
      // The map is stored (and queued for the team ahead of the lock's release): waiters take it.
      this.remote?.sendQueued();
      await turn?.release();
    }
  }


  /** Where a name is defined (exact, or by case-insensitive prefix), best-ranked file first. */
  async findDefinitions(query: string, options: DefinitionQuery): Promise<Array<DefinitionHit & { signature: string }>> {
    const { index, ranks } = await this.defaultRanking();
    return findDefinitions(index, ranks, query, options).map((hit) => ({ ...hit, signature: this.sourceLines.line(hit.path, hit.line) }));
  }

  /** The files that reference a name, with how often, best-ranked first. */
  async findReferences(name: string, limit: number): Promise<ReferenceHit[]> {
    const { index, ranks } = await this.defaultRanking();
    return findReferences(index, ranks, name, limit);
  }

  /** A file's definitions rendered as the map renders them; undefined when it has none. */
  async outline(relPath: string): Promise<string | undefined> {
    const { index } = await this.defaultRanking();
    const rows = definitionRows(index, relPath);
    if (!rows || rows.length === 0 || !this.snippets) return undefined;
    await this.snippets.prepare([{ relPath, lines: rows }]);
    return `${relPath}:\n${this.snippets.render(relPath, rows)}`;
  }

  /** Why a file ranks where it does for a request (SPEC B3 inspect --rank), from the live groups. */
  async explainRank(relPath: string, request: MapRequest = {}): Promise<RankExplanation | undefined> {
    await this.defaultRanking();
    const { weighGraph } = await import('../graph/build-graph.js');
    const [{ personalize }, { personalizedPageRank }, { explainRank }] = await Promise.all([
      import('../graph/personalize.js'),
      import('../graph/pagerank.js'),
      import('../graph/explain-rank.js'),
    ]);
    const { groups } = this.last!;
    const chatFiles = new Set(request.chatFiles ?? []);
    const mentionedIdents = new Set(request.mentionedIdents ?? []);
    const graph = weighGraph(groups, { chatFiles, mentionedIdents });
    // The same history as map() for the request: co-change with its chat files at the current HEAD.
    const historyHead = request.history ? (readHead(this.root) ?? '') : undefined;
    const personalization = personalize(graph, {
      inputFileCount: groups.index.fileCount,
      chatFiles,
      mentionedFiles: new Set(request.mentionedFiles ?? []),
      mentionedIdents,
      coChange: historyHead ? coChangeShares((await this.historyAt(historyHead))?.commits ?? [], chatFiles) : undefined,
    });
    const { ranks } = personalizedPageRank(graph, { personalization });
    return explainRank(graph, ranks, personalization, relPath);
  }

  /** The live index with the default request's file ranks, mapping first if it is not current. */
  private async defaultRanking(): Promise<{ index: TagIndex; ranks: ReadonlyMap<string, number> }> {
    if (!this.discovery) await this.refresh();
    // forceRefresh: a map served from the MapCache would not build the index.
    if (!this.last || this.last.inputsKey !== this.inputsKey(new Set())) await this.map({ forceRefresh: true });
    const { groups } = this.last!;
    if (this.defaultRanks?.groups !== groups) {
      const [{ weighGraph }, { personalizedPageRank }] = await Promise.all([import('../graph/build-graph.js'), import('../graph/pagerank.js')]);
      const graph = weighGraph(groups, { chatFiles: new Set(), mentionedIdents: new Set() });
      const { ranks } = personalizedPageRank(graph);
      this.defaultRanks = { groups, ranks: new Map(graph.nodes.map((relPath, node) => [relPath, ranks[node]!])) };
    }
    return { index: groups.index, ranks: this.defaultRanks.ranks };
  }

  /** The cache's statistics (`repomap stats`), or null for a session without a cache. */
  cacheStatistics(): CacheStatistics | null {
    return this.cache ? this.cache.getStatistics() : null;
  }

  private inputsKey(chatFiles: ReadonlySet<string>): string {
    return `${this.generation}\0${this.files.size}\0${[...chatFiles].sort().join('\0')}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.counters.values()].map((counter) => counter.close()));
    this.counters.clear();
    await this.registry?.close();
    this.registry = undefined;
    if (this.prestarted) (await import('../tags/tag-files.js')).discardSpareTagWorkers();
    this.live = undefined;
    // The team cache's write-back and the local store's last writes: handed to onRemoteFlush
    // (the CLI prints the map first) or awaited.
    const storeLocally = (): void => {
      this.cache?.tags.putMany(this.unstoredTags.splice(0));
      this.cache?.close();
    };
    const onFlush = this.settings.onRemoteFlush;
    if (this.remote && onFlush) {
      await settleRemote(this.remote, this.cache, (flushed) =>
        onFlush(
          (async () => {
            // A turn of the event loop: the caller writes the map before this thread stores.
            await new Promise<void>((resolve) => setImmediate(resolve));
            storeLocally();
            await flushed;
          })(),
        ),
      );
      return;
    }
    if (this.remote) await settleRemote(this.remote, this.cache, undefined);
    storeLocally();
  }

  private get limits(): string[] {
    return this.settings.paths ?? [];
  }

  /** Discovery with the cache directory left out when it sits inside the root. */
  private discover(): DiscoveryResult {
    const excludeDirs = [...(this.settings.excludeDirs ?? [])];
    const cacheDir = this.settings.cache?.enabled ? this.settings.cache.dir : undefined;
    const cacheInRoot = cacheDir ? path.relative(this.root, cacheDir) : '';
    if (cacheInRoot && !cacheInRoot.startsWith('..') && !path.isAbsolute(cacheInRoot)) excludeDirs.push(cacheInRoot.split(path.sep).join('/'));
    return discoverFiles({ root: this.root, maxFileBytes: this.settings.maxFileBytes, excludeDirs, exclude: this.settings.exclude });
  }

  private sweep(forceRead: ReadonlySet<string> = new Set()): void {
    const discovery = this.discover();
    const headerLanguage = chooseHeaderLanguage(discovery.files.map((file) => file.relPath));
    if (this.discovery && headerLanguage !== this.headerLanguage && !this.cache) {
      // Without a cache the tag key is the stat stamp, blind to the header language: re-tag every `.h`.
      this.forgetLiveEntries([...this.files.keys()].filter((relPath) => relPath.endsWith('.h')));
    }
    if (this.discovery && headerLanguage !== this.headerLanguage) this.snippets?.clear();
    this.discovery = discovery;
    this.headerLanguage = headerLanguage;
    const sources = discovery.files.filter((file) => this.isWithinLimits(file.relPath));
    this.files = new Map();
    this.stateSkips = new Map();
    this.applyStates(sources, forceRead);
  }

  /** Re-reads the given files, all of them already known and still regular files. */
  private refreshKnown(paths: readonly string[], forceRead: ReadonlySet<string>): void {
    const discovery = this.discovery!;
    const byPath = new Map(discovery.files.map((file, position) => [file.relPath, position]));
    const sources: SourceFile[] = [];
    for (const relPath of new Set(paths)) {
      const position = byPath.get(relPath)!;
      const file = statFile(this.root, relPath, this.settings.maxFileBytes);
      if (!file || 'reason' in file) continue; // needsDiscovery checked these; a race: next refresh sweeps
      discovery.files[position] = file;
      if (this.isWithinLimits(relPath)) sources.push(file);
    }
    for (const file of sources) {
      this.files.delete(file.relPath);
      this.stateSkips.delete(file.relPath);
    }
    this.applyStates(sources, forceRead);
    this.files = new Map([...this.files].sort(([a], [b]) => compareCodePoints(a, b)));
  }

  /** True when the paths change what discovery would list: new, gone, ignore rules, non-files. */
  private needsDiscovery(paths: readonly string[]): boolean {
    const listed = new Set(this.discovery!.files.map((file) => file.relPath));
    for (const relPath of paths) {
      const base = relPath.slice(relPath.lastIndexOf('/') + 1);
      if (base === '.gitignore' || base === '.repomapignore' || !listed.has(relPath)) return true;
      const file = statFile(this.root, relPath, this.settings.maxFileBytes);
      if (!file || 'reason' in file) return true;
    }
    return false;
  }

  private isWithinLimits(relPath: string): boolean {
    return this.limits.length === 0 || this.limits.some((limit) => isWithin(relPath, limit));
  }

  /** Works out what the given sources hold now and records it in files / stateSkips. */
  private applyStates(sources: readonly SourceFile[], forceRead: ReadonlySet<string>): void {
    if (!this.cache) {
      for (const { relPath, absPath, size, mtimeMs } of sources) {
        this.files.set(relPath, { relPath, absPath, size, stamp: `${mtimeMs}:${size}` });
      }
      this.freshFiles += sources.length;
      return;
    }
    if (this.hashInWorkers) {
      this.hashInWorkers = false;
      for (const { relPath, absPath, size, mtimeMs } of sources) {
        this.files.set(relPath, { relPath, absPath, size, stamp: `${mtimeMs}:${size}`, pendingRow: { mtimeMs } });
      }
      this.freshFiles += sources.length;
      return;
    }
    const states = currentFileStates(sources, this.known, this.headerLanguage, forceRead, this.settings.maxFileBytes);
    for (const file of states.files) this.files.set(file.relPath, file);
    for (const skip of states.skipped) this.stateSkips.set(skip.relPath, skip);
    for (const row of states.updates) this.rememberRow(row);
    for (const language of states.freshLanguages) this.freshLanguages.add(language);
    this.freshFiles += states.freshFiles;
    this.rehashed += states.rehashed;
    const mode = this.settings.cache?.refresh ?? 'auto';
    // A changed file invalidates its snippets and the maps that read it, nothing else. Maps of
    // the `files` and `manual` modes ignore contents on purpose and are kept.
    if (states.changed.length > 0) {
      const cache = this.cache;
      cache.invalidateFiles(states.changed, { maps: mode === 'auto' || mode === 'always' });
    }
  }

  /** The files a request ranks besides its chat files: the candidates no read left out. */
  private otherFilesOf({ skipped, otherCandidates }: { skipped: readonly SkippedFile[]; otherCandidates: readonly string[] }): string[] {
    const skippedEarly = new Set([...this.discovery!.skipped, ...skipped].map((skip) => skip.relPath));
    return otherCandidates.filter((relPath) => !skippedEarly.has(relPath));
  }

  /** The inputs of a request in path order: the files within the limits plus the chat files. */
  private inputsFor(chatFiles: ReadonlySet<string>): { files: InputFile[]; skipped: SkippedFile[]; otherCandidates: string[] } {
    const files: InputFile[] = [];
    const skipped: SkippedFile[] = [...this.stateSkips.values()];
    const extras: SourceFile[] = [];
    const discoveredAt = new Map(this.discovery!.files.map((file) => [file.relPath, file]));
    for (const relPath of chatFiles) {
      if (this.files.has(relPath) || this.stateSkips.has(relPath)) continue;
      // A chat file may lie outside the limits, or be one discovery leaves out (ignored by git):
      // the user named it, so tag it.
      const found = discoveredAt.get(relPath) ?? statFile(this.root, relPath, this.settings.maxFileBytes);
      extras.push(found && !('reason' in found) ? found : { relPath, absPath: toAbsPath(this.root, relPath), size: 0, mtimeMs: 0 });
    }
    if (extras.length > 0) {
      if (this.cache) {
        const states = currentFileStates(extras, this.known, this.headerLanguage, undefined, this.settings.maxFileBytes);
        files.push(...states.files);
        skipped.push(...states.skipped);
        for (const row of states.updates) this.pendingRows.set(row.relPath, row);
      } else {
        files.push(...extras.map(({ relPath, absPath, size, mtimeMs }) => ({ relPath, absPath, size, stamp: `${mtimeMs}:${size}` })));
      }
    }
    files.push(...this.files.values());
    if (extras.length > 0) files.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
    const otherCandidates = [...this.files.keys(), ...this.stateSkips.keys()].filter((relPath) => !chatFiles.has(relPath));
    otherCandidates.sort(compareCodePoints);
    return { files, skipped, otherCandidates };
  }

  /** A language's fingerprint, computed once per session (a grammar is hashed once). */
  private fingerprintOf(language: string): string {
    let fingerprint = this.fingerprintMemo.get(language);
    if (fingerprint === undefined) {
      fingerprint = languageFingerprints([language], this.cache, this.settings.grammarOverrides).get(language)!;
      this.fingerprintMemo.set(language, fingerprint);
    }
    return fingerprint;
  }

  /**
   * Takes in what workers learned of files with pending rows: their hash and language become the
   * file's, as if hashed before parsing, and their rows are written with the map's. A binary file
   * leaves the inputs as a hashing sweep would have left it out.
   */
  private learn(learned: readonly LearnedFile[], skipped: readonly SkippedFile[]): void {
    for (const { relPath, hash, language, binary } of learned) {
      const file = this.files.get(relPath);
      if (!file?.pendingRow) continue;
      const { mtimeMs } = file.pendingRow;
      delete file.pendingRow;
      file.hash = hash;
      this.rehashed++;
      if (binary) {
        this.files.delete(relPath);
        this.stateSkips.set(relPath, { relPath, reason: 'binary', detail: 'contains NUL bytes' });
        this.rememberRow({ relPath, mtimeMs, size: file.size, hash, language: BINARY_LANGUAGE });
      } else if (language !== undefined) {
        file.language = languageFor(relPath, file.size, language, this.headerLanguage);
        this.rememberRow({ relPath, mtimeMs, size: file.size, hash, language });
      }
    }
    // Files the workers could not read (too large, unreadable, gone) leave the inputs the same way.
    for (const skip of skipped) {
      const file = this.files.get(skip.relPath);
      if (!file?.pendingRow) continue;
      delete file.pendingRow;
      if (READ_SKIP_REASONS.has(skip.reason)) {
        this.files.delete(skip.relPath);
        this.stateSkips.set(skip.relPath, skip);
      }
    }
  }

  private rememberRow(row: FileState): void {
    this.known.set(row.relPath, row);
    this.pendingRows.set(row.relPath, row);
  }

  /** The fingerprint of each language of these files. */
  private fingerprints(files: readonly InputFile[]): Map<string, string> {
    const languages = new Set<string>();
    for (const file of files) if (file.language) languages.add(file.language);
    return new Map([...languages].map((language) => [language, this.fingerprintOf(language)]));
  }

  private async grammarRegistry(): Promise<GrammarRegistry> {
    if (!this.registry) {
      const { GrammarRegistry } = await import('../tags/grammar-registry.js');
      this.registry = new GrammarRegistry({ grammarOverrides: this.settings.grammarOverrides });
    }
    return this.registry;
  }

  private async loadSnapshot(): Promise<IndexSnapshot | undefined> {
    const data = this.cache!.getSnapshot();
    if (!data) return undefined;
    const { decodeSnapshot } = await import('./snapshot.js');
    const snapshot = decodeSnapshot(data);
    if (snapshot) this.snapshotDrift = 0;
    return snapshot;
  }

  /** Writes the rows of files seen since the last map, except those that changed under us. */
  private flushRows(stale: ReadonlySet<string>): void {
    if (this.pendingRows.size === 0) return;
    this.cache!.tags.updateFiles([...this.pendingRows.values()].filter((row) => !stale.has(row.relPath)));
    this.pendingRows.clear();
  }

  /** Forgets live entries so those files are re-tagged (a session without a cache cannot hash). */
  private forgetLiveEntries(relPaths: readonly string[]): void {
    for (const relPath of relPaths) this.live?.keys.delete(relPath);
  }

  /**
   * The live index, its identifier table rebuilt when most of its names are dead (a session that
   * runs for days must not keep every name it ever saw). Re-adding files in path order interns
   * names exactly as a cold build does.
   */
  private compacted(live: LiveIndex): LiveIndex {
    if (this.retaggedSinceCompactCheck < IDENT_COMPACT_CHECK_FILES) return live;
    this.retaggedSinceCompactCheck = 0;
    const used = live.index.usedIdentCount();
    if (used >= live.index.identCount * (1 - IDENT_COMPACT_DEAD_SHARE)) return live;
    return { ...live, index: live.index.compacted() };
  }

  private remember(memoKey: string, result: BuildMapResult): void {
    if (this.memo.size >= MEMO_MAX_MAPS) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(memoKey, result);
  }

  /** Each file's identity now (content hash, else stat stamp), to tell what a refresh changed. */
  private fileIdentities(): Map<string, string> {
    return new Map([...this.files].map(([relPath, file]) => [relPath, file.hash ?? file.stamp ?? '']));
  }

}

function diffIdentities(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FileChanges {
  const changes: FileChanges = { changed: [], added: [], removed: [] };
  for (const [relPath, identity] of after) {
    const previous = before.get(relPath);
    if (previous === undefined) changes.added.push(relPath);
    else if (previous !== identity) changes.changed.push(relPath);
  }
  for (const relPath of before.keys()) if (!after.has(relPath)) changes.removed.push(relPath);
  return changes;
}

function warmCopy(result: BuildMapResult, rehashed: number, started: number, timings: StageTimings): BuildMapResult {
  return { ...result, stats: { ...result.stats, warm: true, parsed: 0, fromCache: 0, rehashed, timings: { ...timings, total: performance.now() - started + timings.discover } } };
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

/** aider's optional enlargement when no file is in the chat: min(budget × M, W − 4096). */
export function effectiveBudget(request: MapRequest, chatCount: number): number {
  const budget = request.tokens ?? 1024;
  if (chatCount > 0 || !request.mapMulNoFiles) return budget;
  const enlarged = Math.floor(budget * request.mapMulNoFiles);
  return request.maxContextWindow ? Math.max(1, Math.min(enlarged, request.maxContextWindow - 4096)) : enlarged;
}

function countLanguages(languages: ReadonlyMap<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const language of languages.values()) counts[language] = (counts[language] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareCodePoints(a, b)));
}
