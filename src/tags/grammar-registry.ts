/**
 * Owns every WASM object of the tags stage: the tree-sitter runtime (initialised once per
 * process), and per language one Language, one Parser and one compiled tags Query, each loaded
 * lazily on first use and freed by close(). All web-tree-sitter version quirks live here.
 */
import { readFile } from 'node:fs/promises';
import { Language, Parser, Query } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';
import { describeCause, GrammarLoadError, QueryError } from '../errors.js';
import { getLanguage, queryPath, readQuerySource, resolveGrammarPath } from '../languages.js';
import { validateCaptureNames } from './validate-query.js';

export interface LoadedGrammar {
  languageId: string;
  language: Language;
  parser: Parser;
  query: Query;
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

function initRuntime(): Promise<void> {
  runtimeReady ??= Parser.init();
  return runtimeReady;
}

/**
 * How long one file's parse and tags query may take before it is abandoned (`--parse-budget`):
 * ordinary files take milliseconds (6 MB/s), so a file past a second is pathological (a huge
 * generated parser, a grammar backtracking on odd input) and would stall every cold build.
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
  private readonly loading = new Map<string, Promise<LoadedGrammar>>();
  private closed = false;

  constructor(private readonly options: GrammarRegistryOptions = {}) {}

  /** The grammar and compiled query of a language; rejects with GrammarLoadError or QueryError. */
  get(languageId: string): Promise<LoadedGrammar> {
    if (this.closed) throw new GrammarLoadError(`${languageId}: grammar registry is closed`);
    let pending = this.loading.get(languageId);
    if (!pending) {
      pending = this.load(languageId);
      this.loading.set(languageId, pending);
    }
    return pending;
  }

  /** Parses source text, null when `deadline` (performance.now() time) passes first; the caller must delete() the tree. */
  parse(grammar: LoadedGrammar, source: string, deadline = performance.now() + DEFAULT_PARSE_BUDGET_MS): Tree | null {
    try {
      // setTimeoutMicros is broken in 0.25 (it passes a number where the WASM side wants a
      // BigInt); the progress callback is the supported way to give up on a parse.
      const tree = grammar.parser.parse(source, null, { progressCallback: () => performance.now() > deadline });
      // A cancelled parse would otherwise be resumed by the next call, whatever its text.
      if (!tree) grammar.parser.reset();
      return tree;
    } catch (error) {
      // A grammar whose scanner traps leaves the parser mid-parse; reset it for the next file.
      grammar.parser.reset();
      throw error;
    }
  }

  private async load(languageId: string): Promise<LoadedGrammar> {
    const spec = getLanguage(languageId);
    if (!spec) throw new GrammarLoadError(`${languageId}: unknown language`);
    await initRuntime();
    let wasmPath = '';
    let language: Language;
    try {
      wasmPath = this.options.grammarOverrides?.[languageId] ?? resolveGrammarPath(spec.grammar);
      language = await loadLanguageSerially(await readFile(wasmPath));
    } catch (error) {
      const where = wasmPath || `${spec.grammar.package}/${spec.grammar.file}`;
      throw new GrammarLoadError(`${where}: cannot load the ${spec.name} grammar: ${describeCause(error)}`, {
        cause: error,
      });
    }
    const file = queryPath(languageId);
    let source: string;
    try {
      source = readQuerySource(languageId);
    } catch (error) {
      throw new QueryError(`${file}: cannot read the tags query: ${describeCause(error)}`, { cause: error });
    }
    let query: Query;
    try {
      query = new Query(language, source);
    } catch (error) {
      throw new QueryError(`${file}: invalid query: ${describeCause(error)}`, { cause: error });
    }
    try {
      validateCaptureNames(file, query.captureNames);
    } catch (error) {
      query.delete();
      throw error;
    }
    const parser = new Parser();
    parser.setLanguage(language);
    warmUp(parser, query);
    return { languageId, language, parser, query };
  }

  /** Frees every parser and query. Languages themselves are owned by the runtime. */
  async close(): Promise<void> {
    this.closed = true;
    const settled = await Promise.allSettled(this.loading.values());
    for (const result of settled) {
      if (result.status !== 'fulfilled') continue;
      result.value.query.delete();
      result.value.parser.delete();
    }
    this.loading.clear();
  }
}
