/**
 * `repomap inspect <path>`: what the cache holds for a file (its tags, whether they are fresh
 * and why, its rendered snippets); `--maps`: the cached maps. Loads no parser.
 */
import { UsageError } from '../../errors.js';
import type { RankExplanation } from '../../graph/explain-rank.js';
import { resolveCacheOptions, requireCache, type RawCacheFlags } from '../../options/cache-options.js';
import { toRootRelative } from '../../options/resolve-root.js';
import { explainCachedRank, inspectCachedFile } from '../../session/inspect-cache.js';
import { CacheManager } from '../../store/cache-manager.js';
import { formatAge, formatBytes } from '../format.js';
import { createLogger, writeStdout } from '../output.js';

interface InspectFlags extends RawCacheFlags {
  maps?: boolean;
  rank?: boolean;
  chat?: string[];
  mentionIdent?: string[];
  history?: boolean;
}

export async function runInspect(target: string | undefined, flags: InspectFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  if (!flags.maps && !target) throw new UsageError('inspect: give a file path, or --maps');
  if (flags.maps && flags.rank) throw new UsageError('inspect: --maps and --rank cannot be used together');
  requireCache(options);
  const cache = new CacheManager(options.config, options.root);
  try {
    if (cache.warning) createLogger({ quiet: false, verbose: false }).warn(cache.warning);
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

/** Explains one file's rank, or that of every file defining an identifier (no parsing). */
async function inspectRank(cache: CacheManager, root: string, target: string, flags: InspectFlags, json: boolean): Promise<void> {
  const cwd = process.cwd();
  const chatFiles = new Set((flags.chat ?? []).map((file) => toRootRelative(file, { flag: '--chat', root, cwd, mustExist: true, mustBeFile: true })));
  const rank = await explainCachedRank(cache, root, { chatFiles, mentionedIdents: new Set(flags.mentionIdent ?? []), history: flags.history }, toRootRelativeOrUndefined(target, root, cwd), target);
  if (rank.kind === 'ident') {
    if (json) {
      await writeStdout(`${JSON.stringify({ schema: 'repomap-inspect-rank-ident/1', ident: rank.ident, files: rank.files }, null, 2)}\n`);
      return;
    }
    let text = `${rank.ident}: an identifier defined in ${rank.definers} file${rank.definers === 1 ? '' : 's'}\n`;
    for (const explanation of rank.files) text += `\n${describeRank(explanation)}`;
    await writeStdout(text);
    return;
  }
  if (json) {
    await writeStdout(`${JSON.stringify({ schema: 'repomap-inspect-rank/1', ...rank.explanation }, null, 2)}\n`);
    return;
  }
  await writeStdout(describeRank(rank.explanation));
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

async function inspectFile(cache: CacheManager, root: string, target: string, json: boolean): Promise<void> {
  const relPath = toRootRelative(target, { flag: 'inspect', root, cwd: process.cwd(), mustExist: false });
  const { file, tags, parseTimeout, trees, ...report } = inspectCachedFile(cache, root, relPath);
  if (json) {
    await writeStdout(`${JSON.stringify({ schema: 'repomap-inspect/1', ...report, parseTimeout, tags, trees }, null, 2)}\n`);
    return;
  }
  let text = `${relPath}${report.language ? ` (${report.language})` : ''}: ${report.status} — ${report.reason}\n`;
  if (file) text += `content hash ${report.hash}, ${file.size} bytes, mtime ${new Date(file.mtimeMs).toISOString()}\n`;
  if (parseTimeout) text += `parse-timeout: skipped, its parse took over ${parseTimeout.budgetMs} ms (until the content changes or the budget grows)\n`;
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
