/**
 * The text form of a file's tags used by the per-language fixtures: one
 * `name role kind line` tuple a line, definitions and references together, sorted. References
 * appear once per (name, kind, first line); backfilled ones are not listed.
 */
import type { FileTags } from '../types.js';

export function toTagTuples(tags: FileTags): string[] {
  const tuples = tags.definitions.map((tag) => `${tag.name} definition ${tag.kind} ${tag.line}`);
  if (!tags.backfilled) {
    for (const ref of tags.references) tuples.push(`${ref.name} reference ${ref.kind} ${ref.line}`);
  }
  return tuples.sort();
}

export function formatTagTuples(tags: FileTags): string {
  return toTagTuples(tags).map((tuple) => `${tuple}\n`).join('');
}
