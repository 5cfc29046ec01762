/**
 * The versioned JSON form of a build (`--format json`). Documented in README.md; any change to
 * a field's meaning needs a new schema name. Timings are left out so identical inputs give
 * identical JSON.
 */
import type { BuildMapResult } from './types.js';

export const MAP_JSON_SCHEMA = 'repomap/1';

export interface MapJson {
  schema: typeof MAP_JSON_SCHEMA;
  root: string;
  tokenizer: string;
  budget: number;
  tokens: number;
  files: Array<{ path: string; rank: number; tokens: number; definitions: Array<{ name: string; kind: string; line: number }> }>;
  skipped: Array<{ path: string; reason: string; detail?: string }>;
  counts: { discovered: number; tagged: number; definitions: number; rankedEntries: number; mapEntries: number };
  map: string;
}

export function toMapJson(result: BuildMapResult): MapJson {
  const { stats } = result;
  return {
    schema: MAP_JSON_SCHEMA,
    root: result.root,
    tokenizer: result.tokenizer,
    budget: result.budget,
    tokens: result.tokens,
    files: result.files,
    skipped: result.skipped.map(({ relPath, reason, detail }) => ({ path: relPath, reason, ...(detail ? { detail } : {}) })),
    counts: {
      discovered: stats.discovered,
      tagged: stats.tagged,
      definitions: stats.definitions,
      rankedEntries: stats.rankedEntries,
      mapEntries: stats.mapEntries,
    },
    map: result.text,
  };
}
