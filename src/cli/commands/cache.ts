/** `repomap cache clear|prune`: empty the cache, or drop what belongs to deleted files. */
import { existsSync } from 'node:fs';
import { resolveCacheOptions, requireCache, type RawCacheFlags } from '../../options/cache-options.js';
import { toAbsPath } from '../../paths.js';
import { CacheManager } from '../../store/cache-manager.js';
import { writeStdout } from '../output.js';

export async function runCacheClear(flags: RawCacheFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  requireCache(options);
  const cache = new CacheManager(options.config, options.root);
  try {
    const removed = cache.clear();
    await writeStdout(
      options.json
        ? `${JSON.stringify({ schema: 'repomap-cache-clear/1', removed })}\n`
        : `cleared: ${removed.tags} tag entries, ${removed.trees} tree entries, ${removed.maps} maps, ${removed.files} file records, ${removed.quarantined} quarantined databases\n`,
    );
  } finally {
    cache.close();
  }
}

export async function runCachePrune(flags: RawCacheFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  requireCache(options);
  const cache = new CacheManager(options.config, options.root);
  try {
    const pruned = cache.prune((relPath) => existsSync(toAbsPath(options.root, relPath)));
    if (options.json) {
      await writeStdout(`${JSON.stringify({ schema: 'repomap-cache-prune/1', ...pruned })}\n`);
      return;
    }
    let text = `pruned ${pruned.files.length} deleted files: ${pruned.tags} tag entries, ${pruned.trees} tree entries, ${pruned.maps} maps\n`;
    for (const relPath of pruned.files) text += `  ${relPath}\n`;
    await writeStdout(text);
  } finally {
    cache.close();
  }
}
