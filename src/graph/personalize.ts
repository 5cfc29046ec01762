/**
 * The personalization vector of SPEC A4: chat files, mentioned files and files whose path
 * components or base name are mentioned identifiers get a share of PERSONALIZATION_TOTAL / N.
 * With history (--history), files that changed with the chat files add their co-change share
 * times CO_CHANGE_WEIGHT shares.
 */
import type { RepoGraph } from './build-graph.js';
import { CO_CHANGE_WEIGHT, PERSONALIZATION_TOTAL } from './weights.js';

export interface PersonalizeOptions {
  /** Number of input files (chat and other), graph nodes or not. */
  inputFileCount: number;
  chatFiles: ReadonlySet<string>;
  mentionedFiles: ReadonlySet<string>;
  mentionedIdents: ReadonlySet<string>;
  /** With history: each file's co-change share with the chat files (graph/co-change.ts). */
  coChange?: ReadonlyMap<string, number>;
}

/** Python's os.path.splitext on a base name: leading dots never start an extension. */
export function stripExtension(baseName: string): string {
  const dot = baseName.lastIndexOf('.');
  if (dot <= 0 || /^\.+$/.test(baseName.slice(0, dot))) return baseName;
  return baseName.slice(0, dot);
}

export function personalizationOf(relPath: string, share: number, options: PersonalizeOptions): number {
  let value = 0;
  if (options.chatFiles.has(relPath)) value += share;
  if (options.mentionedFiles.has(relPath)) value = Math.max(value, share);
  const parts = relPath.split('/');
  const baseName = parts[parts.length - 1]!;
  const candidates = new Set([...parts, baseName, stripExtension(baseName)]);
  for (const candidate of candidates) {
    if (options.mentionedIdents.has(candidate)) {
      value += share;
      break;
    }
  }
  const coChange = options.coChange?.get(relPath);
  if (coChange) value += CO_CHANGE_WEIGHT * coChange * share;
  return value;
}

/** Per graph node; undefined when no node is personalized (PageRank then teleports uniformly). */
export function personalize(graph: RepoGraph, options: PersonalizeOptions): Float64Array | undefined {
  if (options.inputFileCount === 0) return undefined;
  const share = PERSONALIZATION_TOTAL / options.inputFileCount;
  const vector = new Float64Array(graph.nodeCount);
  let any = false;
  graph.nodes.forEach((relPath, node) => {
    const value = personalizationOf(relPath, share, options);
    vector[node] = value;
    if (value > 0) any = true;
  });
  return any ? vector : undefined;
}
