/**
 * The tag index of a set of input files. Each file's tags come from the previous index (a live
 * session's, or the snapshot on disk) when its key is unchanged, else from the TagCache, else
 * from the parser. Entries enter the index strictly in path order whatever their source, so the
 * index — and every floating-point sum downstream — is the same as a cold build's.
 */
import { TagIndex } from '../graph/tag-index.js';
import { compareCodePoints } from '../paths.js';
import { decodeTags, encodeTagSource, parseTagKey, tagKeyString, UndecodableTagsError, type ParseTimeout, type TagCache, type TagKey } from '../store/tag-cache.js';
import { DEFAULT_PARSE_BUDGET_MS, type GrammarRegistry } from '../tags/grammar-registry.js';
import type { DeliveredResult } from '../tags/packed-results.js';
import { READ_SKIP_REASONS } from '../tags/read-source.js';
import { tagFiles } from '../tags/tag-files.js';
import { hasThreadCpuClock } from '../tags/thread-cpu.js';
import { IN_THREAD_MAX_FILES } from '../tags/thread-choice.js';
import type { SkippedFile } from '../types.js';
import type { InputFile, LearnedFile } from './file-states.js';
import { lookupTags, type RemoteTier } from './remote-tier.js';
import { shareMissingTags } from './share-work.js';
import type { WorkLocks } from '../store/work-locks.js';
import { ScopeRecords } from './scope-records.js';
import type { IndexSnapshot } from './snapshot.js';
import type { BuildProgress } from './types.js';

export interface IndexTagsInput {
  /** Every input file (chat and other), in path order. */
  files: readonly InputFile[];
  headerLanguage: string;
  grammarOverrides?: Readonly<Record<string, string>>;
  /** No file is read past this (`--max-file-bytes`). */
  maxFileBytes: number;
  workers?: number;
  /** Milliseconds one file's parse and query may take (default DEFAULT_PARSE_BUDGET_MS). */
  budgetMs?: number;
  onProgress?(progress: BuildProgress): void;
  /** Each language's fingerprint (with a cache): what makes a file's tag key. */
  fingerprints?: FingerprintLookup;
  /** The last index and the key of each of its files: an entry is copied when its key matches. */
  previous?: IndexSnapshot;
  /**
   * The session's registry (grammars loaded or loading): with few files to parse, they are
   * parsed with it in this thread rather than on workers that would load every grammar again.
   */
  inThreadRegistry?: () => Promise<GrammarRegistry>;
  tagCache?: TagCache;
  /** The team cache: asked for what the TagCache lacks, handed what is parsed. */
  remote?: RemoteTier;
  /** With a cache: builds needing the same missing tags at once parse them only once. */
  locks?: WorkLocks;
  /** Told when a damaged TagCache entry was dropped and its file parsed instead. */
  onWarning?(message: string): void;
}

/** A language's fingerprint: a Map, or one computed when first asked (languages found while parsing). */
export interface FingerprintLookup {
  get(language: string): string | undefined;
}

export interface IndexedTags {
  index: TagIndex;
  /** Key of each file of the index (see fileKey). */
  keys: Map<string, string>;
  /**
   * Tags parsed or fetched from the team cache here and not yet stored (the rest went to the
   * TagCache while parsing).
   */
  newTags: Array<TagKey & { data: string }>;
  /** Files whose content changed between hashing and parsing: their file rows must not be trusted. */
  staleFiles: string[];
  languages: Map<string, string>;
  /** Scope records of the files parsed or read from the TagCache here, for rendering. */
  scopes: ScopeRecords;
  skipped: SkippedFile[];
  counts: { parsed: number; fromSnapshot: number; fromCache: number };
  /** Files with a pending row, as their workers read them (see InputFile.pendingRow). */
  learned: LearnedFile[];
}

/** Parsed files whose tags are written to the TagCache in one transaction. */
const TAG_WRITE_BATCH = 500;

type Source =
  | { from: 'snapshot'; key: string }
  | { from: 'cache'; key: string; data: string }
  | { from: 'parse'; key?: string }
  /** Its content ran past a budget no larger than this one before: skipped without parsing. */
  | { from: 'timed-out'; budgetMs: number };

const parseKeyOf = (source: Source | undefined): string | undefined => (source?.from === 'parse' ? source.key : undefined);

function tagKeyOf(file: InputFile, fingerprints: FingerprintLookup | undefined): TagKey | undefined {
  if (!file.hash || !file.language || !fingerprints) return undefined;
  const fingerprint = fingerprints.get(file.language);
  return fingerprint ? { hash: file.hash, fingerprint } : undefined;
}

/**
 * What an index entry was computed from: the tag key (content hash and grammar fingerprint)
 * when known, else the file's stat stamp (a session without a cache never hashes).
 */
function fileKey(file: InputFile, tagKey: TagKey | undefined): string | undefined {
  if (tagKey) return tagKeyString(tagKey);
  return file.stamp === undefined ? undefined : `stat:${file.stamp}`;
}

/**
 * Whether a remembered timeout still skips its content: while the budget is no larger, if the
 * timeout was measured in the parsing thread's CPU time or this machine cannot count CPU time.
 * One measured only in wall-clock time where CPU time is counted (remembered before budgets
 * counted CPU time, or a worker terminated by the wall-clock backstop) is tried again: a busy
 * machine is no reason to leave a file out of the map for good.
 */
function skipsContent(timeout: ParseTimeout, budgetMs: number): boolean {
  return timeout.budgetMs >= budgetMs && (timeout.clock === 'cpu' || !hasThreadCpuClock());
}

/**
 * The index of the input files. A TagCache entry that cannot be decoded (damaged on disk, or
 * written by something else) never fails the build: the pass goes on without it, the entry is
 * deleted, and the index is built again with that file parsed, from the entries just stored for
 * the rest (so the index keeps the order a cold build gives it).
 */
export async function indexTags(input: IndexTagsInput): Promise<IndexedTags> {
  const { indexed, undecodable } = await indexPass(input, new Set());
  if (undecodable.length === 0) return indexed;
  const tagCache = input.tagCache!;
  tagCache.drop(undecodable.map(({ key }) => key));
  tagCache.putMany(indexed.newTags);
  const paths = undecodable.map(({ relPath }) => relPath);
  input.onWarning?.(`cache: ${paths.length} damaged tag entr${paths.length === 1 ? 'y' : 'ies'} dropped and parsed again (${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', …' : ''})`);
  return (await indexPass(input, new Set(paths))).indexed;
}

async function indexPass(input: IndexTagsInput, distrusted: ReadonlySet<string>): Promise<{ indexed: IndexedTags; undecodable: Array<{ relPath: string; key: TagKey }> }> {
  const { previous, fingerprints } = input;
  const undecodable: Array<{ relPath: string; key: TagKey }> = [];
  const tagged = input.files.filter((file) => file.language !== null);

  // Where each file's tags come from.
  const sources = new Map<string, Source>();
  const lookups: Array<{ relPath: string; key: TagKey }> = [];
  const budgetMs = input.budgetMs ?? DEFAULT_PARSE_BUDGET_MS;
  const timeouts = input.tagCache?.parseTimeouts();
  for (const file of tagged) {
    const timedOut = file.hash ? timeouts?.get(file.hash) : undefined;
    if (timedOut && skipsContent(timedOut, budgetMs)) {
      sources.set(file.relPath, { from: 'timed-out', budgetMs: timedOut.budgetMs });
      continue;
    }
    const tagKey = tagKeyOf(file, fingerprints);
    const key = fileKey(file, tagKey);
    if (key !== undefined && previous?.keys.get(file.relPath) === key) sources.set(file.relPath, { from: 'snapshot', key });
    else if (tagKey && input.tagCache && !distrusted.has(file.relPath)) lookups.push({ relPath: file.relPath, key: tagKey });
    else sources.set(file.relPath, { from: 'parse', key });
  }
  const fetched: Array<TagKey & { data: string }> = [];
  if (input.tagCache && lookups.length > 0) {
    const rows = await lookupTags(input.tagCache, input.remote, lookups.map(({ key }) => key), fetched);
    for (const { relPath, key } of lookups) {
      const data = rows.get(tagKeyString(key));
      sources.set(relPath, data === undefined ? { from: 'parse', key: tagKeyString(key) } : { from: 'cache', key: tagKeyString(key), data });
    }
  }
  const shared = await shareMissingTags(input.tagCache, input.locks, input.remote, lookups, sources);

  const index = previous ? previous.index.emptyWithSameIds() : new TagIndex();
  const result: IndexedTags = {
    index,
    keys: new Map(),
    newTags: fetched,
    staleFiles: [],
    languages: new Map(),
    scopes: new ScopeRecords(),
    skipped: [],
    counts: { parsed: 0, fromSnapshot: 0, fromCache: 0 },
    learned: [],
  };
  const byPath = new Map(tagged.map((file) => [file.relPath, file]));
  const newTimeouts: ParseTimeout[] = [];
  for (const [relPath, source] of sources) {
    if (source.from === 'timed-out') result.skipped.push({ relPath, reason: 'parse-timeout', detail: `parsing took over ${source.budgetMs} ms (remembered for this content)` });
  }

  let cursor = 0;
  const addReadyUpTo = (stop: string | undefined): void => {
    while (cursor < tagged.length && tagged[cursor]!.relPath !== stop) {
      const file = tagged[cursor++]!;
      const source = sources.get(file.relPath)!;
      if (source.from === 'snapshot') {
        // A key without an entry: the file was read and yielded no tags (no grammar, empty).
        const entry = previous!.index.fileId(file.relPath);
        if (entry !== undefined) {
          index.addFrom(previous!.index, entry);
          result.languages.set(file.relPath, previous!.languages?.get(file.relPath) ?? file.language!);
        }
        result.counts.fromSnapshot++;
      } else if (source.from === 'cache') {
        let tags;
        try {
          tags = decodeTags(file.relPath, source.data);
        } catch (error) {
          if (!(error instanceof UndecodableTagsError)) throw error;
          undecodable.push({ relPath: file.relPath, key: parseTagKey(source.key)! });
          continue;
        }
        index.add(tags);
        result.scopes.set(file.relPath, tags.scopes);
        result.counts.fromCache++;
        result.languages.set(file.relPath, file.language!);
      } else {
        continue;
      }
      result.keys.set(file.relPath, source.key);
    }
    if (stop !== undefined) cursor++;
  };
  const onParsed = (parsed: DeliveredResult, file: InputFile): void => {
    addReadyUpTo(file.relPath);
    // Counted when a grammar saw it: a file only read (no language, binary, too large) is not parsed.
    const onlyRead = (parsed.type === 'untagged' && parsed.language === null) || (parsed.type === 'skipped' && READ_SKIP_REASONS.has(parsed.skipped.reason));
    if (!onlyRead) result.counts.parsed++;
    shared?.touch();
    if (file.pendingRow && parsed.hash) {
      const language = parsed.type === 'tags' ? parsed.tags.language : parsed.type === 'untagged' ? parsed.language : undefined;
      const binary = parsed.type === 'skipped' && parsed.skipped.reason === 'binary';
      result.learned.push({ relPath: file.relPath, hash: parsed.hash, language, ...(binary ? { binary } : {}) });
    }
    if (parsed.type === 'skipped') {
      result.skipped.push(parsed.skipped);
      if (parsed.skipped.reason === 'parse-timeout' && parsed.hash) newTimeouts.push({ hash: parsed.hash, relPath: file.relPath, budgetMs, clock: parsed.clock ?? 'wall' });
      return;
    }
    const expected = byPath.get(file.relPath)?.hash;
    if (expected && parsed.hash !== expected) result.staleFiles.push(file.relPath);
    if (parsed.type !== 'tags') {
      // Remembered as read-and-empty, so a live session does not read it again until it changes.
      const key = parseKeyOf(sources.get(file.relPath));
      if (key !== undefined && (!expected || parsed.hash === expected)) result.keys.set(file.relPath, key);
      return;
    }
    index.addInterned(file.relPath, parsed.tags.entries(index));
    result.scopes.set(file.relPath, parsed.tags.scopeValues());
    result.languages.set(file.relPath, parsed.tags.language);
    const fingerprint = fingerprints?.get(parsed.tags.language);
    // A file of an empty cache was not looked up (nothing to find): counted as the miss it is.
    if (fingerprint && file.pendingRow) input.tagCache?.counters.record(false);
    if (fingerprint) {
      result.newTags.push({ hash: parsed.hash, fingerprint, data: encodeTagSource(parsed.tags) });
      input.remote?.queueTags(result.newTags.slice(-1));
      result.keys.set(file.relPath, tagKeyString({ hash: parsed.hash, fingerprint }));
      // Store as we go, in short transactions, instead of holding every file's tags to the end.
      if (input.tagCache && result.newTags.length >= TAG_WRITE_BATCH) input.tagCache.putMany(result.newTags.splice(0));
    } else {
      const key = parseKeyOf(sources.get(file.relPath));
      if (key !== undefined) result.keys.set(file.relPath, key);
    }
  };
  const toParse = tagged.filter((file) => sources.get(file.relPath)!.from === 'parse');
  await tagFiles(toParse, {
    headerLanguage: input.headerLanguage,
    grammarOverrides: input.grammarOverrides,
    maxFileBytes: input.maxFileBytes,
    workers: input.workers,
    budgetMs,
    registry: toParse.length <= IN_THREAD_MAX_FILES && toParse.length > 0 ? await input.inThreadRegistry?.() : undefined,
    onResult: (parsed, file) => onParsed(parsed, byPath.get(file.relPath)!),
    onProgress: input.onProgress && ((done, total) => input.onProgress!({ stage: 'parse', done, total })),
  });
  addReadyUpTo(undefined);
  if (shared) {
    input.tagCache!.putMany(result.newTags.splice(0));
    await shared.release();
  }
  input.tagCache?.recordParseTimeouts(newTimeouts);
  index.trim();
  // Entries copied from the last index are cached tags too.
  if (input.tagCache) input.tagCache.counters.hits += result.counts.fromSnapshot;
  result.skipped.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  return { indexed: result, undecodable };
}
