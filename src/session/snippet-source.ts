/**
 * Snippets for the files a map shows: from the TreeCache when a file's content and lines of
 * interest were rendered before, else by parsing the file and rendering its outline (SPEC A7),
 * then stored. Grammars are asked for only when something must be parsed.
 */
import { renderSnippet } from '../render/render-snippet.js';
import { buildOutline, splitLines, withFinalNewline, type FileOutline } from '../render/file-outline.js';
import { toAbsPath } from '../paths.js';
import type { TreeCache } from '../store/tree-cache.js';
import type { GrammarRegistry } from '../tags/grammar-registry.js';
import { readSource } from '../tags/read-source.js';
import { sourceToParse } from '../tags/tag-file.js';

const EMPTY_OUTLINE: FileOutline = { lines: [], headerEnd: new Int32Array(0), rowHasStart: new Uint8Array(0), spans: new Int32Array(0) };

export interface SnippetRequest {
  relPath: string;
  lines: number[];
}

export class SnippetSource {
  private readonly outlines = new Map<string, FileOutline>();
  private readonly cached = new Map<string, string>();
  private languages: ReadonlyMap<string, string> = new Map();
  private hashes: ReadonlyMap<string, string> | undefined;

  /**
   * Lives as long as its session: outlines and snippets stay in memory across maps until
   * `invalidate` names their file. `registry` gives the session's grammars (made on first use).
   */
  constructor(
    private readonly root: string,
    private readonly trees: TreeCache | undefined,
    private readonly registry: () => Promise<GrammarRegistry>,
  ) {}

  /** The files' languages and (with a cache) content hashes for the next map. */
  use(languages: ReadonlyMap<string, string>, hashes: ReadonlyMap<string, string> | undefined): void {
    this.languages = languages;
    this.hashes = hashes;
  }

  /** Forgets what was rendered from these files (they changed or went away). */
  invalidate(relPaths: Iterable<string>): void {
    const gone = new Set(relPaths);
    if (gone.size === 0) return;
    for (const relPath of gone) this.outlines.delete(relPath);
    for (const id of this.cached.keys()) if (gone.has(id.slice(0, id.indexOf('\0')))) this.cached.delete(id);
  }

  /** Forgets everything (a change that touches every file, such as the header language). */
  clear(): void {
    this.outlines.clear();
    this.cached.clear();
  }

  async prepare(requests: readonly SnippetRequest[]): Promise<void> {
    for (const { relPath, lines } of requests) {
      const id = `${relPath}\0${lines.join(',')}`;
      if (this.cached.has(id) || this.outlines.has(relPath)) continue;
      const hash = this.hashes?.get(relPath);
      const snippet = hash && this.trees ? this.trees.get({ relPath, hash, lines }) : undefined;
      if (snippet !== undefined) this.cached.set(id, snippet);
      else this.outlines.set(relPath, await this.outline(relPath));
    }
  }

  render(relPath: string, lines: number[]): string {
    const id = `${relPath}\0${lines.join(',')}`;
    const cached = this.cached.get(id);
    if (cached !== undefined) return cached;
    const snippet = renderSnippet(this.outlines.get(relPath) ?? EMPTY_OUTLINE, lines);
    const hash = this.hashes?.get(relPath);
    if (hash && this.trees) this.trees.set({ relPath, hash, lines }, snippet);
    this.cached.set(id, snippet);
    return snippet;
  }

  private async outline(relPath: string): Promise<FileOutline> {
    const source = readSource(toAbsPath(this.root, relPath));
    if (!source.ok) return EMPTY_OUTLINE;
    const language = this.languages.get(relPath);
    if (!language) return { ...EMPTY_OUTLINE, lines: splitLines(source.text) };
    const registry = await this.registry();
    const text = withFinalNewline(source.text);
    const parseAs = await sourceToParse(language, text, registry).catch(() => undefined);
    const grammar = parseAs ? await registry.getParser(parseAs.languageId).catch(() => undefined) : undefined;
    const tree = grammar && parseAs ? registry.parse(grammar, parseAs.text) : null;
    if (!tree) return { ...EMPTY_OUTLINE, lines: splitLines(source.text) };
    try {
      return buildOutline(source.text, tree);
    } finally {
      tree.delete();
    }
  }
}
