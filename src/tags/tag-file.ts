/**
 * Tags one file end to end: read, detect the language (name, then `#!` line), parse, extract.
 * Every failure is returned as data (a skip with a reason) so one bad file never stops a build.
 */
import { describeCause, GrammarLoadError, QueryError } from '../errors.js';
import { detectLanguageId, getLanguage } from '../languages.js';

export { detectLanguageId };
import type { FileTags, SkippedFile } from '../types.js';
import { scriptOf, type ScriptSource } from './embedded-script.js';
import { extractTags } from './extract-tags.js';
import type { GrammarRegistry } from './grammar-registry.js';
import { contentHash, readSource } from './read-source.js';

export interface TagFileInput {
  relPath: string;
  absPath: string;
}

export type TagFileResult =
  | { type: 'tags'; tags: FileTags; hash: string }
  | { type: 'skipped'; skipped: SkippedFile }
  /** Read fine but not a language we parse: still a file of the map, without tags. */
  | { type: 'untagged'; relPath: string; hash: string; language: string | null };

export interface TagFileOptions {
  /** The language `.h` files are parsed as in this repository (`c` or `cpp`). */
  headerLanguage?: string;
  /** Language id → `.wasm` file replacing the packaged grammar. */
  grammarOverrides?: Readonly<Record<string, string>>;
  /** Files that turn out longer than this when read (`--max-file-bytes`) are skipped as too large; the session always passes it. */
  maxFileBytes?: number;
}


/**
 * The text and grammar to parse for a file of `languageId`: its own, or for markup with
 * embedded scripts the script blocks alone (undefined when there are none).
 */
export async function sourceToParse(languageId: string, text: string, registry: GrammarRegistry): Promise<ScriptSource | undefined> {
  if (!getLanguage(languageId)?.embedsScript) return { languageId, text };
  const markup = await registry.getParser(languageId);
  const tree = registry.parse(markup, text);
  if (!tree) return undefined;
  try {
    return scriptOf(tree, text);
  } finally {
    tree.delete();
  }
}

export async function tagFile(
  input: TagFileInput,
  registry: GrammarRegistry,
  options: TagFileOptions = {},
): Promise<TagFileResult> {
  const { relPath } = input;
  const source = readSource(input.absPath, options.maxFileBytes);
  if (!source.ok) return { type: 'skipped', skipped: { relPath, reason: source.reason, detail: source.detail } };
  const hash = contentHash(source.bytes);
  const languageId = detectLanguageId(relPath, source.text, options);
  if (!languageId || source.text.length === 0) return { type: 'untagged', relPath, hash, language: languageId ?? null };
  try {
    const tags = await tagText(relPath, languageId, source.text, registry);
    return tags ? { type: 'tags', tags, hash } : { type: 'untagged', relPath, hash, language: languageId };
  } catch (error) {
    if (error instanceof GrammarLoadError || error instanceof QueryError) {
      return { type: 'skipped', skipped: { relPath, reason: 'grammar-unavailable', detail: error.message } };
    }
    return { type: 'skipped', skipped: { relPath, reason: 'parse-failed', detail: describeCause(error) } };
  }
}

/** Parses text with a language's grammar and runs its query; the tree is freed before returning. */
async function tagWith(relPath: string, languageId: string, text: string, registry: GrammarRegistry): Promise<FileTags> {
  const grammar = await registry.get(languageId);
  const tree = registry.parse(grammar, text);
  if (!tree) throw new Error('parser gave up (timeout)');
  try {
    return extractTags({ relPath, language: languageId, tree, query: grammar.query });
  } finally {
    tree.delete();
  }
}

/** Tags a file's text; markup with embedded scripts yields its own tags plus its scripts'. */
async function tagText(relPath: string, languageId: string, text: string, registry: GrammarRegistry): Promise<FileTags | undefined> {
  const own = await tagWith(relPath, languageId, text, registry);
  if (!getLanguage(languageId)?.embedsScript) return own;
  const script = await sourceToParse(languageId, text, registry);
  if (!script) return own.definitions.length > 0 || own.references.length > 0 ? own : undefined;
  const scriptTags = await tagWith(relPath, script.languageId, script.text, registry);
  return {
    relPath,
    language: languageId,
    definitions: [...own.definitions, ...scriptTags.definitions].sort((a, b) => a.line - b.line || a.column - b.column),
    references: [...own.references, ...scriptTags.references],
    backfilled: scriptTags.backfilled,
  };
}
