/**
 * What the cache knows, without parsing (SPEC B3 `inspect`): one file's cached tags, whether they
 * are fresh and why, its tree entries and parse timeout; and the rank of a file (or of every file
 * defining an identifier), ranked again from the last build's tag index. The CLI formats it.
 */
import { statSync } from 'node:fs';
import { readHead, readHistory } from '../discovery/git-history.js';
import { RepomapError } from '../errors.js';
import { buildGraph } from '../graph/build-graph.js';
import { coChangeShares } from '../graph/co-change.js';
import { explainRank, type RankExplanation } from '../graph/explain-rank.js';
import { personalizedPageRank } from '../graph/pagerank.js';
import { personalize } from '../graph/personalize.js';
import { toAbsPath } from '../paths.js';
import type { CacheManager } from '../store/cache-manager.js';
import { decodeTags, type ParseTimeout } from '../store/tag-cache.js';
import { contentHash, readSource } from '../tags/read-source.js';
import type { FileTags } from '../types.js';
import { languageFingerprint } from './fingerprints.js';
import { decodeSnapshot } from './snapshot.js';

export interface CachedFileReport {
  path: string;
  language: string | null;
  hash: string | null;
  status: 'fresh' | 'stale' | 'not-cached';
  reason: string;
  /** The cached file row (size, mtime) when there is one. */
  file: { size: number; mtimeMs: number } | null;
  parseTimeout: ParseTimeout | null;
  tags: FileTags | null;
  /** Cached rendered snippets for this path; `current` when made from the file's present content. */
  trees: Array<{ hash: string; lines: number[]; bytes: number; lastUsed: number; current: boolean }>;
}

/** `relPath` must already be root-relative; throws when neither the file nor any entry exists. */
export function inspectCachedFile(cache: CacheManager, root: string, relPath: string): CachedFileReport {
  const state = cache.tags.fileState(relPath);
  const absPath = toAbsPath(root, relPath);
  let stats;
  try {
    stats = statSync(absPath);
  } catch {
    stats = undefined;
  }
  let freshness: Pick<CachedFileReport, 'status' | 'reason'>;
  let currentHash: string | undefined;
  if (!state) {
    freshness = { status: 'not-cached', reason: stats ? 'no build has seen this file yet' : 'no such file, and none cached' };
  } else if (!stats) {
    freshness = { status: 'stale', reason: 'the file no longer exists (repomap cache prune drops it)' };
  } else if (stats.mtimeMs === state.mtimeMs && stats.size === state.size) {
    freshness = { status: 'fresh', reason: 'size and mtime unchanged since it was hashed' };
    currentHash = state.hash;
  } else {
    const source = readSource(absPath);
    const bytes = source.bytes;
    currentHash = bytes ? contentHash(bytes) : undefined;
    freshness =
      currentHash === state.hash
        ? { status: 'fresh', reason: 'mtime or size changed but the content hash is the same (no re-parse needed)' }
        : { status: 'stale', reason: 'the content changed since it was cached (the next build re-parses it)' };
  }
  const language = state?.language && !state.language.startsWith('!') ? state.language : null;
  const fingerprint = language ? languageFingerprint(language, cache) : undefined;
  const data = state && fingerprint ? cache.tags.get({ hash: state.hash, fingerprint }) : undefined;
  if (state && language && data === undefined && freshness.status === 'fresh') {
    freshness = { status: 'stale', reason: `no tags for this content under the current ${language} grammar and query (they changed, or were evicted)` };
  }
  const trees = cache.trees.entriesFor(relPath).map((tree) => ({ ...tree, current: tree.hash === currentHash }));
  if (!state && trees.length === 0 && !stats) throw new RepomapError(`inspect: ${relPath}: no such file, and nothing cached for it`);
  return {
    path: relPath,
    language,
    hash: state?.hash ?? null,
    ...freshness,
    file: state ? { size: state.size, mtimeMs: state.mtimeMs } : null,
    parseTimeout: state ? (cache.tags.parseTimeouts().get(state.hash) ?? null) : null,
    tags: data ? decodeOrNull(relPath, data) : null,
    trees,
  };
}

/** A damaged entry reads as none: the next build drops it and parses the file. */
function decodeOrNull(relPath: string, data: string): ReturnType<typeof decodeTags> | null {
  try {
    return decodeTags(relPath, data);
  } catch {
    return null;
  }
}

export interface RankQuery {
  chatFiles: ReadonlySet<string>;
  mentionedIdents: ReadonlySet<string>;
  /** Rank with co-change history, as `--history` maps do (git only; ignored elsewhere). */
  history?: boolean;
}

export type CachedRank = { kind: 'file'; explanation: RankExplanation } | { kind: 'ident'; ident: string; definers: number; files: RankExplanation[] };

/**
 * Ranks the last build's tag index again and explains `relPath`'s rank; when `relPath` is not a
 * file of the index but `ident` names an identifier it knows, explains every file defining it.
 */
export async function explainCachedRank(cache: CacheManager, root: string, query: RankQuery, relPath: string | undefined, ident: string): Promise<CachedRank> {
  const parts = cache.getSnapshot();
  const snapshot = parts && decodeSnapshot(parts);
  if (!snapshot) throw new RepomapError('inspect --rank: the cache holds no tag index yet (run repomap build first)');
  const { index } = snapshot;
  const chatFiles = new Set(query.chatFiles);
  const mentionedIdents = new Set(query.mentionedIdents);
  const graph = buildGraph(index, { chatFiles, mentionedIdents });
  const head = query.history ? readHead(root) : undefined;
  const history = head ? await readHistory(root, head) : undefined;
  const coChange = history ? coChangeShares(history.commits, chatFiles) : undefined;
  const personalization = personalize(graph, { inputFileCount: index.fileCount, chatFiles, mentionedFiles: new Set(), mentionedIdents, coChange });
  const { ranks } = personalizedPageRank(graph, { personalization });
  const identId = index.identId(ident);
  if ((relPath === undefined || index.fileId(relPath) === undefined) && identId !== undefined) {
    const definers = new Set<string>();
    for (let def = 0; def < index.defIdent.length; def++) if (index.defIdent.get(def) === identId) definers.add(index.files[index.definitionFile(def)]!);
    const files = [...definers].sort().flatMap((definer) => explainRank(graph, ranks, personalization, definer) ?? []);
    return { kind: 'ident', ident, definers: definers.size, files };
  }
  const explanation = relPath === undefined ? undefined : explainRank(graph, ranks, personalization, relPath);
  if (!explanation) throw new RepomapError(`inspect --rank: ${relPath ?? ident} is not in the graph (no definitions or references linking it), nor an identifier it knows`);
  return { kind: 'file', explanation };
}
