/**
 * `repomap inspect <path>`: what the cache holds for a file (its tags, whether they are fresh
 * and why, its rendered snippets); `--maps`: the cached maps. Loads no parser.
 */
import { statSync } from 'node:fs';
import { RepomapError, UsageError } from '../../errors.js';
import { resolveCacheOptions, requireCache, type RawCacheFlags } from '../../options/cache-options.js';
import { toRootRelative } from '../../options/resolve-root.js';
import { toAbsPath } from '../../paths.js';
import { buildGraph } from '../../graph/build-graph.js';
import { explainRank, type RankExplanation } from '../../graph/explain-rank.js';
import { personalize } from '../../graph/personalize.js';
import { personalizedPageRank } from '../../graph/pagerank.js';
import { languageFingerprint } from '../../session/fingerprints.js';
import { decodeSnapshot } from '../../session/snapshot.js';
import { CacheManager } from '../../store/cache-manager.js';
import { decodeTags } from '../../store/tag-cache.js';
import { contentHash, readSource } from '../../tags/read-source.js';
import { formatAge, formatBytes } from '../format.js';
import { writeStdout } from '../output.js';

interface InspectFlags extends RawCacheFlags {
  maps?: boolean;
  rank?: boolean;
  chat?: string[];
  mentionIdent?: string[];
}

export async function runInspect(target: string | undefined, flags: InspectFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  if (!flags.maps && !target) throw new UsageError('inspect: give a file path, or --maps');
  if (flags.maps && flags.rank) throw new UsageError('inspect: --maps and --rank cannot be used together');
  requireCache(options);
  const cache = new CacheManager(options.config, options.root);
  try {
    if (cache.warning) process.stderr.write(`repomap: warning: ${cache.warning}\n`);
    if (flags.maps) await inspectMaps(cache, options.json);
    else if (flags.rank) await inspectRank(cache, options.root, target!, flags, options.json);
    else await inspectFile(cache, options.root, target!, options.json);
  } finally {
    cache.close();
  }
}

async function inspectMaps(cache: CacheManager, json: boolean): Promise<void> {
  const maps = cache.maps.entries();
  if (json) {
    await writeStdout(`${JSON.stringify({ schema: 'repomap-inspect-maps/1', maps }, null, 2)}\n`);
    return;
  }
  const now = Date.now();
  const lines = maps.map((map) => `${map.key.slice(0, 12)}  ${formatBytes(map.bytes).padStart(9)}  ${formatAge(now - map.created).padStart(4)} old  ${map.description}`);
  await writeStdout(lines.length > 0 ? `${lines.join('\n')}\n` : 'no cached maps\n');
}

/**
 * Ranks the last build's tag index again (no parsing) and explains one file's rank; given an
 * identifier that is not a file of the index, explains the rank of every file defining it.
 */
async function inspectRank(cache: CacheManager, root: string, target: string, flags: InspectFlags, json: boolean): Promise<void> {
  const parts = cache.getSnapshot();
  const snapshot = parts && decodeSnapshot(parts);
  if (!snapshot) throw new RepomapError('inspect --rank: the cache holds no tag index yet (run repomap build first)');
  const { index } = snapshot;
  const cwd = process.cwd();
  const chatFiles = new Set((flags.chat ?? []).map((file) => toRootRelative(file, { flag: '--chat', root, cwd, mustExist: true, mustBeFile: true })));
  const mentionedIdents = new Set(flags.mentionIdent ?? []);
  const graph = buildGraph(index, { chatFiles, mentionedIdents });
  const personalization = personalize(graph, { inputFileCount: index.fileCount, chatFiles, mentionedFiles: new Set(), mentionedIdents });
  const { ranks } = personalizedPageRank(graph, { personalization });
  const asPath = toRootRelativeOrUndefined(target, root, cwd);
  const ident = index.identId(target);
  if ((asPath === undefined || index.fileId(asPath) === undefined) && ident !== undefined) {
    const definers = new Set<string>();
    for (let def = 0; def < index.defIdent.length; def++) if (index.defIdent.get(def) === ident) definers.add(index.files[index.defFile.get(def)]!);
    const explanations = [...definers].sort().flatMap((relPath) => explainRank(graph, ranks, personalization, relPath) ?? []);
    if (json) {
      await writeStdout(`${JSON.stringify({ schema: 'repomap-inspect-rank-ident/1', ident: target, files: explanations }, null, 2)}\n`);
      return;
    }
    let text = `${target}: an identifier defined in ${definers.size} file${definers.size === 1 ? '' : 's'}\n`;
    for (const explanation of explanations) text += `\n${describeRank(explanation)}`;
    await writeStdout(text);
    return;
  }
  const relPath = asPath ?? toRootRelative(target, { flag: 'inspect', root, cwd, mustExist: false });
  const explanation = explainRank(graph, ranks, personalization, relPath);
  if (!explanation) throw new RepomapError(`inspect --rank: ${relPath} is not in the graph (no definitions or references linking it), nor an identifier it knows`);
  if (json) {
    await writeStdout(`${JSON.stringify({ schema: 'repomap-inspect-rank/1', ...explanation }, null, 2)}\n`);
    return;
  }
  await writeStdout(describeRank(explanation));
}

function toRootRelativeOrUndefined(target: string, root: string, cwd: string): string | undefined {
  try {
    return toRootRelative(target, { flag: 'inspect', root, cwd, mustExist: false });
  } catch {
    return undefined;
  }
}

function describeRank(explanation: RankExplanation): string {
  let text = `${explanation.path}: rank ${explanation.rank.toExponential(3)}, #${explanation.position} of ${explanation.files} files`;
  text += explanation.personalization > 0 ? `, personalized (${explanation.personalization.toFixed(3)})\n` : ', not personalized\n';
  text += '\nrank flowing in, by identifier it defines (share of rank; files defining it; top referencers):\n';
  for (const entry of explanation.incoming) {
    const from = entry.from.map((source) => `${source.path} ${source.share.toExponential(2)}`).join(', ');
    text += `${entry.ident} ${entry.share.toExponential(3)} (${entry.definers} definer${entry.definers === 1 ? '' : 's'}) ← ${from}\n`;
  }
  return text;
}

type Freshness = { status: 'fresh' | 'stale' | 'not-cached'; reason: string };

async function inspectFile(cache: CacheManager, root: string, target: string, json: boolean): Promise<void> {
  const relPath = toRootRelative(target, { flag: 'inspect', root, cwd: process.cwd(), mustExist: false });
  const state = cache.tags.fileState(relPath);
  let freshness: Freshness;
  let currentHash: string | undefined;
  const absPath = toAbsPath(root, relPath);
  let stats;
  try {
    stats = statSync(absPath);
  } catch {
    stats = undefined;
  }
  if (!state) {
    freshness = { status: 'not-cached', reason: stats ? 'no build has seen this file yet' : 'no such file, and none cached' };
  } else if (!stats) {
    freshness = { status: 'stale', reason: 'the file no longer exists (repomap cache prune drops it)' };
  } else if (stats.mtimeMs === state.mtimeMs && stats.size === state.size) {
    freshness = { status: 'fresh', reason: 'size and mtime unchanged since it was hashed' };
    currentHash = state.hash;
  } else {
    const source = readSource(absPath);
    currentHash = source.ok || source.bytes ? contentHash(source.ok ? source.bytes : source.bytes!) : undefined;
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
  const tags = data ? decodeTags(relPath, data) : undefined;
  const timeout = state ? (cache.tags.parseTimeouts().get(state.hash) ?? null) : null;
  const trees = cache.trees.entriesFor(relPath).map((tree) => ({ ...tree, current: tree.hash === currentHash }));
  if (!state && trees.length === 0 && !stats) throw new RepomapError(`inspect: ${target}: no such file, and nothing cached for it`);

  if (json) {
    await writeStdout(
      `${JSON.stringify({ schema: 'repomap-inspect/1', path: relPath, language, hash: state?.hash ?? null, ...freshness, parseTimeout: timeout, tags: tags ?? null, trees }, null, 2)}\n`,
    );
    return;
  }
  let text = `${relPath}${language ? ` (${language})` : ''}: ${freshness.status} — ${freshness.reason}\n`;
  if (state) text += `content hash ${state.hash}, ${state.size} bytes, mtime ${new Date(state.mtimeMs).toISOString()}\n`;
  if (timeout) text += `parse-timeout: skipped, its parse took over ${timeout.budgetMs} ms (until the content changes or the budget grows)\n`;
  if (tags) {
    text += `\ntags: ${tags.definitions.length} definitions, ${tags.references.length} distinct references${tags.backfilled ? ' (backfilled from identifiers)' : ''}\n`;
    for (const tag of tags.definitions) text += `${tag.name} | ${tag.kind} def (${tag.line}, ${tag.column})\n`;
    for (const ref of tags.references) text += `${ref.name} | ${ref.kind} ref (${ref.line}, ${ref.column})${ref.count > 1 ? ` ×${ref.count}` : ''}\n`;
  }
  text += `\ntree entries: ${trees.length}\n`;
  for (const tree of trees) {
    text += `lines ${tree.lines.join(',') || '-'}: ${formatBytes(tree.bytes)}, ${tree.current ? 'current content' : 'older content'}\n`;
  }
  await writeStdout(text);
}
