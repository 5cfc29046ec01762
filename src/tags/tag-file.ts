/**
 * Tags one file end to end: read, detect the language (name, then `#!` line), parse, extract.
 * Every failure is returned as data (a skip with a reason) so one bad file never stops a build.
 */
import { describeCause, GrammarLoadError, QueryError } from '../errors.js';
import { detectLanguageId, getLanguage } from '../languages.js';

export { detectLanguageId };
import type { Tree } from 'web-tree-sitter';
import type { FileTags, ScopeRecord, SkippedFile, Tag } from '../types.js';
import { scriptOf, type ScriptSource } from './embedded-script.js';
import { extractTags, type ExtractedTags } from './extract-tags.js';
import { DEFAULT_PARSE_BUDGET_MS, type GrammarRegistry, type LoadedGrammar } from './grammar-registry.js';
import { ParseBudget, parseTimeoutDetail, type BudgetClock } from './parse-budget.js';
import { contentHash, readSource } from './read-source.js';
import { recordScopes, withFinalNewline } from './record-scopes.js';

export interface TagFileInput {
  relPath: string;
  absPath: string;
}

export type TagFileResult =
  | { type: 'tags'; tags: FileTags; hash: string }
  /**
   * `hash` is there when the content was read (a parse-timeout is remembered by it); `clock`
   * with a parse-timeout: whether the thread's CPU time or only wall time passed the budget.
   */
  | { type: 'skipped'; skipped: SkippedFile; hash?: string; clock?: BudgetClock }
  /** Read fine but not a language we parse: still a file of the map, without tags. */
  | { type: 'untagged'; relPath: string; hash: string; language: string | null };

export interface TagFileOptions {
  /** The language `.h` files are parsed as in this repository (`c` or `cpp`). */
  headerLanguage?: string;
  /** Language id → `.wasm` file replacing the packaged grammar. */
  grammarOverrides?: Readonly<Record<string, string>>;
  /** Files that turn out longer than this when read (`--max-file-bytes`) are skipped as too large; the session always passes it. */
  maxFileBytes?: number;
  /** Milliseconds of the parsing thread's CPU time one tree's parse and query may take (default DEFAULT_PARSE_BUDGET_MS; see parse-budget.ts). */
  budgetMs?: number;
}

/** A parse or query ran past the budget. */
class ParseTimeout extends Error {
  constructor(readonly clock: BudgetClock) {
    super('parse timeout');
  }
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
  if (!source.ok) {
    // A binary file is hashed like any other read file, so it is recorded and not read again.
    const hash = source.reason === 'binary' && source.bytes ? contentHash(source.bytes) : undefined;
    return { type: 'skipped', skipped: { relPath, reason: source.reason, detail: source.detail }, ...(hash ? { hash } : {}) };
  }
  const hash = contentHash(source.bytes);
  const languageId = detectLanguageId(relPath, source.text, options);
  // An empty file has no language, whatever its name says (as file-states records it).
  if (!languageId || source.text.length === 0) return { type: 'untagged', relPath, hash, language: source.text.length === 0 ? null : (languageId ?? null) };
  const budgetMs = options.budgetMs ?? DEFAULT_PARSE_BUDGET_MS;
  try {
    const tags = await tagText(relPath, languageId, source.text, registry, budgetMs);
    return tags ? { type: 'tags', tags, hash } : { type: 'untagged', relPath, hash, language: languageId };
  } catch (error) {
    if (error instanceof ParseTimeout) {
      return { type: 'skipped', skipped: { relPath, reason: 'parse-timeout', detail: parseTimeoutDetail(budgetMs, error.clock) }, hash, clock: error.clock };
    }
    if (error instanceof GrammarLoadError || error instanceof QueryError) {
      return { type: 'skipped', skipped: { relPath, reason: 'grammar-unavailable', detail: error.message } };
    }
    return { type: 'skipped', skipped: { relPath, reason: 'parse-failed', detail: describeCause(error) } };
  }
}

type TreeUser<T> = (tree: Tree, grammar: LoadedGrammar, budget: ParseBudget) => T;

/**
 * Parses text with a language's grammar and hands the tree to `use`; the tree is freed before
 * returning. Parse and `use` share one budget, counted once the grammar is loaded: past it the
 * parse is cancelled, or what `use` made is dropped, and ParseTimeout is thrown.
 */
async function withTree<T>(languageId: string, text: string, registry: GrammarRegistry, budgetMs: number, use: TreeUser<T>): Promise<T> {
  const grammar = await registry.get(languageId);
  const budget = new ParseBudget(budgetMs);
  const tree = registry.parse(grammar, text, budget);
  if (!tree) throw budget.exceeded() ? new ParseTimeout(budget.clock) : new Error('the parser returned no tree');
  try {
    const result = use(tree, grammar, budget);
    if (budget.exceeded()) throw new ParseTimeout(budget.clock);
    return result;
  } finally {
    tree.delete();
  }
}

const definitionsOf = (...definitions: Tag[][]): Tag[] => definitions.flat();

/**
 * Tags a file's text and records its definitions' scopes; markup with embedded scripts yields
 * its own tags plus its scripts', and its scopes come from the script tree (SPEC A7). Rendering
 * parses the text with a final newline: a file that has one (nearly all) is parsed once for
 * both, one without it is parsed a second time for its scopes.
 */
async function tagText(relPath: string, languageId: string, text: string, registry: GrammarRegistry, budgetMs: number): Promise<FileTags | undefined> {
  const complete = text === withFinalNewline(text);
  const parse = <T>(parseAs: string, source: string, use: TreeUser<T>): Promise<T> => withTree(parseAs, source, registry, budgetMs, use);
  const extract = (language: string): TreeUser<ExtractedTags> => (tree, grammar, budget) => extractTags({ relPath, language, tree, query: grammar.query, identifiers: grammar.identifiers, budget });
  if (!getLanguage(languageId)?.embedsScript) {
    let scopes: ScopeRecord = [];
    const tags = await parse(languageId, text, (tree, grammar, budget) => {
      const extracted = extract(languageId)(tree, grammar, budget);
      if (complete) scopes = recordScopes(tree, definitionsOf(extracted.definitions));
      return extracted;
    });
    if (!complete) scopes = await parse(languageId, withFinalNewline(text), (tree) => recordScopes(tree, definitionsOf(tags.definitions)));
    return { ...tags, scopes };
  }
  const own = await parse(languageId, text, extract(languageId));
  const script = await sourceToParse(languageId, text, registry);
  if (!script) return own.definitions.length > 0 || own.references.length > 0 ? { ...own, scopes: [] } : undefined;
  let scopes: ScopeRecord = [];
  const scriptTags = await parse(script.languageId, script.text, (tree, grammar, budget) => {
    const extracted = extract(script.languageId)(tree, grammar, budget);
    if (complete) scopes = recordScopes(tree, definitionsOf(own.definitions, extracted.definitions));
    return extracted;
  });
  if (!complete) {
    const rendered = await sourceToParse(languageId, withFinalNewline(text), registry);
    const positions = definitionsOf(own.definitions, scriptTags.definitions);
    scopes = rendered ? await parse(rendered.languageId, rendered.text, (tree) => recordScopes(tree, positions)) : [];
  }
  return {
    relPath,
    language: languageId,
    definitions: [...own.definitions, ...scriptTags.definitions].sort((a, b) => a.line - b.line || a.column - b.column),
    references: [...own.references, ...scriptTags.references],
    backfilled: scriptTags.backfilled,
    scopes,
  };
}
