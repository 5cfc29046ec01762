/**
 * Owns every WASM object of the tags stage: the tree-sitter runtime (initialised once per
 * thread), per language one Language and one compiled tags Query for the thread's lifetime, and
 * per registry one Parser per language, loaded lazily on first use and freed by close(). All
 * web-tree-sitter version quirks live here.
 */
import { readFile } from 'node:fs/promises';
import { Language, Parser, Query } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';
import { describeCause, GrammarLoadError, QueryError } from '../errors.js';
import { getLanguage, queryPath, readQuerySource, resolveGrammarPath } from '../languages.js';
import { ParseBudget } from './parse-budget.js';
import { isIdentifierLike } from './extract-tags.js';
import { validateCaptureNames } from './validate-query.js';

/** A language ready to parse, without its tags query (enough for outlines). */
export interface ParsingGrammar {
  languageId: string;
  language: Language;
  parser: Parser;
}

export interface LoadedGrammar extends ParsingGrammar {
  query: Query;
  /**
   * Every identifier-like named node at once (see identifierQuery), for a file whose references
   * are backfilled; undefined where it does not compile (extraction then walks the leaves).
   */
  identifiers?: Query;
}

let runtimeReady: Promise<void> | undefined;

/**
 * Language.load links a grammar module into the runtime with shared state: two loads in flight
 * at once mix up their symbols ("bad export type for 'tree_sitter_javascript_external_scanner_create'"
 * while loading Python). Every load in this thread waits for the previous one.
 */
let loadQueue: Promise<unknown> = Promise.resolve();

function loadLanguageSerially(bytes: Uint8Array): Promise<Language> {
  const loaded = loadQueue.then(() => Language.load(bytes));
  loadQueue = loaded.catch(() => undefined);
  return loaded;
}

/**
 * A grammar's first use costs its WASM compile and, mostly, its tags query compile (tree-sitter
 * analyses every pattern against the grammar's parse table: ~4 s of CPU for all languages,
 * against ~0.7 s of WASM compiles; Objective-C's query alone ~0.7 s). Both results are
 * immutable, so they are kept for the thread's lifetime and shared by its registries: a build
 * that tags files and then parses the shown ones again for their outlines (a second registry)
 * pays once per language. Languages were never freed anyway (the runtime owns them); queries
 * number at most one per language.
 */
const languagesByWasm = new Map<string, Promise<Language>>();
const queriesByLanguage = new Map<Language, Map<string, Query>>();

function loadLanguageOnce(wasmPath: string): Promise<Language> {
  let language = languagesByWasm.get(wasmPath);
  if (!language) {
    language = readFile(wasmPath).then(loadLanguageSerially);
    languagesByWasm.set(wasmPath, language);
    // A failed load is not kept: the next registry tries again and reports its own error.
    language.catch(() => languagesByWasm.delete(wasmPath));
  }
  return language;
}

/** The compiled query for a grammar and query text; throws the runtime's error as is. */
function compileQueryOnce(language: Language, source: string): Query {
  let bySource = queriesByLanguage.get(language);
  if (!bySource) {
    bySource = new Map();
    queriesByLanguage.set(language, bySource);
  }
  let query = bySource.get(source);
  if (!query) {
    query = new Query(language, source);
    bySource.set(source, query);
  }
  return query;
}

/**
 * A query capturing every named node whose type is identifier-like (isIdentifierLike: the names
 * a cursor's nodeType gives, `types[id]`), in document order: what backfilling a file's
 * references needs, found in one call into WASM instead of a cursor step per leaf (the walk cost
 * ~40 % more on the kernel's register headers). Undefined when the grammar has no such type or
 * a type's name cannot be written in a query.
 */
function identifierQuery(language: Language): Query | undefined {
  const names = new Set<string>();
  language.types.forEach((name, id) => {
    if (name && language.nodeTypeIsNamed(id) && isIdentifierLike(name)) names.add(name);
  });
  if (names.size === 0) return undefined;
  try {
    return compileQueryOnce(language, `[${[...names].map((name) => `(${name})`).join(' ')}] @identifier`);
  } catch {
    return undefined;
  }
}

function initRuntime(): Promise<void> {
  runtimeReady ??= Parser.init();
  return runtimeReady;
}

/**
 * How long one file's parse and tags query may take before it is abandoned (`--parse-budget`;
 * CPU time of the parsing thread where it can be read, see parse-budget.ts): ordinary files
 * take milliseconds (6 MB/s), so a file past a second is pathological (a huge generated parser,
 * a grammar backtracking on odd input) and would stall every cold build.
 */
export const DEFAULT_PARSE_BUDGET_MS = 1000;

/**
 * V8 compiles a grammar's WASM functions on their first call: the first parse with a big
 * grammar (C++, Swift) took over a second on a loaded machine. A tiny parse and query at load
 * time pays that here, so no file's parse budget is charged for it.
 */
function warmUp(parser: Parser, query: Query): void {
  const tree = parser.parse('a\n');
  if (!tree) return;
  try {
    query.matches(tree.rootNode);
  } finally {
    tree.delete();
  }
}

export interface GrammarRegistryOptions {
  /** Language id → `.wasm` file to load instead of the packaged grammar. */
  grammarOverrides?: Readonly<Record<string, string>>;
}

export class GrammarRegistry {
  private readonly parsers = new Map<string, Promise<ParsingGrammar>>();
  private readonly loading = new Map<string, Promise<LoadedGrammar>>();
  private closed = false;

  constructor(private readonly options: GrammarRegistryOptions = {}) {}

  /** The grammar and compiled query of a language; rejects with GrammarLoadError or QueryError. */
  get(languageId: string): Promise<LoadedGrammar> {
    let pending = this.loading.get(languageId);
    if (!pending) {
      pending = this.getParser(languageId).then((grammar) => {
        const query = compileTagsQuery(grammar);
        warmUp(grammar.parser, query);
        return { ...grammar, query, identifiers: identifierQuery(grammar.language) };
      });
      this.loading.set(languageId, pending);
    }
    return pending;
  }

  /**
   * A language's grammar and parser without compiling its tags query, for callers that only
   * need trees (outlines of shown files): the query is most of a grammar's first-use cost.
   */
  getParser(languageId: string): Promise<ParsingGrammar> {
    if (this.closed) throw new GrammarLoadError(`${languageId}: grammar registry is closed`);
    let pending = this.parsers.get(languageId);
    if (!pending) {
      pending = this.loadParser(languageId);
      this.parsers.set(languageId, pending);
    }
    return pending;
  }

  /** Parses source text, null when the budget is spent first; the caller must delete() the tree. */
  parse(grammar: ParsingGrammar, source: string, budget: { exceeded(): boolean } = new ParseBudget(DEFAULT_PARSE_BUDGET_MS)): Tree | null {
    try {
      // setTimeoutMicros is broken in 0.25 (it passes a number where the WASM side wants a
      // BigInt); the progress callback is the supported way to give up on a parse.
      const tree = grammar.parser.parse(source, null, { progressCallback: () => budget.exceeded() });
      // A cancelled parse would otherwise be resumed by the next call, whatever its text.
      if (!tree) grammar.parser.reset();
      return tree;
    } catch (error) {
      // A grammar whose scanner traps leaves the parser mid-parse; reset it for the next file.
      grammar.parser.reset();
      throw error;
    }
  }

  private async loadParser(languageId: string): Promise<ParsingGrammar> {
    const spec = getLanguage(languageId);
    if (!spec) throw new GrammarLoadError(`${languageId}: unknown language`);
    await initRuntime();
    let wasmPath = '';
    let language: Language;
    try {
      wasmPath = this.options.grammarOverrides?.[languageId] ?? resolveGrammarPath(spec.grammar);
      language = await loadLanguageOnce(wasmPath);
    } catch (error) {
      const where = wasmPath || `${spec.grammar.package}/${spec.grammar.file}`;
      throw new GrammarLoadError(`${where}: cannot load the ${spec.name} grammar: ${describeCause(error)}`, {
        cause: error,
      });
    }
    const parser = new Parser();
    parser.setLanguage(language);
    return { languageId, language, parser };
  }

  /** Frees every parser. Languages and queries stay for the thread's other registries. */
  async close(): Promise<void> {
    this.closed = true;
    const settled = await Promise.allSettled(this.parsers.values());
    await Promise.allSettled(this.loading.values());
    for (const result of settled) {
      if (result.status !== 'fulfilled') continue;
      result.value.parser.delete();
    }
    this.parsers.clear();
    this.loading.clear();
  }
}

/** A language's tags query, compiled once per thread and checked for unknown capture names. */
function compileTagsQuery(grammar: ParsingGrammar): Query {
  const file = queryPath(grammar.languageId);
  let source: string;
  try {
    source = readQuerySource(grammar.languageId);
  } catch (error) {
    throw new QueryError(`${file}: cannot read the tags query: ${describeCause(error)}`, { cause: error });
  }
  let query: Query;
  try {
    query = compileQueryOnce(grammar.language, source);
  } catch (error) {
    throw new QueryError(`${file}: invalid query: ${describeCause(error)}`, { cause: error });
  }
  validateCaptureNames(file, query.captureNames);
  return query;
}
