/**
 * Tags one file end to end: read, detect the language (name, then `#!` line), parse, extract.
 * Every failure is returned as data (a skip with a reason) so one bad file never stops a build.
 */
import { describeCause } from '../errors.js';
import { detectLanguageByName, detectLanguageByShebang, mayHaveShebang } from '../languages.js';
import type { FileTags, SkippedFile } from '../types.js';
import { extractTags } from './extract-tags.js';
import type { GrammarRegistry } from './grammar-registry.js';
import { readSource } from './read-source.js';

export interface TagFileInput {
  relPath: string;
  absPath: string;
}

export type TagFileResult =
  | { type: 'tags'; tags: FileTags }
  | { type: 'skipped'; skipped: SkippedFile }
  /** Read fine but not a language we parse: still a file of the map, without tags. */
  | { type: 'untagged'; relPath: string };

export interface TagFileOptions {
  /** The language `.h` files are parsed as in this repository (`c` or `cpp`). */
  headerLanguage?: string;
}

export function detectLanguageId(relPath: string, text: string | undefined, options: TagFileOptions): string | undefined {
  if (relPath.endsWith('.h') && options.headerLanguage) return options.headerLanguage;
  const byName = detectLanguageByName(relPath);
  if (byName) return byName.id;
  if (text !== undefined && mayHaveShebang(relPath) && text.startsWith('#!')) {
    const newline = text.indexOf('\n');
    return detectLanguageByShebang(newline < 0 ? text : text.slice(0, newline))?.id;
  }
  return undefined;
}

export async function tagFile(
  input: TagFileInput,
  registry: GrammarRegistry,
  options: TagFileOptions = {},
): Promise<TagFileResult> {
  const { relPath } = input;
  const source = await readSource(input.absPath);
  if (!source.ok) return { type: 'skipped', skipped: { relPath, reason: source.reason, detail: source.detail } };
  const languageId = detectLanguageId(relPath, source.text, options);
  if (!languageId || source.text.length === 0) return { type: 'untagged', relPath };
  let grammar;
  try {
    grammar = await registry.get(languageId);
  } catch (error) {
    return { type: 'skipped', skipped: { relPath, reason: 'grammar-unavailable', detail: describeCause(error) } };
  }
  const tree = registry.parse(grammar, source.text);
  if (!tree) return { type: 'skipped', skipped: { relPath, reason: 'parse-failed', detail: 'parser gave up (timeout)' } };
  try {
    return { type: 'tags', tags: extractTags({ relPath, language: languageId, tree, query: grammar.query }) };
  } catch (error) {
    return { type: 'skipped', skipped: { relPath, reason: 'parse-failed', detail: describeCause(error) } };
  } finally {
    tree.delete();
  }
}
