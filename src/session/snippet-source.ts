/**
 * Snippets for the files a map shows: from the TreeCache when a file's content and lines of
 * interest were rendered before, else by parsing the file and rendering its outline (SPEC A7),
 * then stored. The grammar registry is created only when something must be parsed.
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
  private registry: GrammarRegistry | undefined;

  constructor(
    private readonly root: string,
    private readonly languages: ReadonlyMap<string, string>,
    private readonly hashes: ReadonlyMap<string, string> | undefined,
    private readonly trees: TreeCache | undefined,
    private readonly grammarOverrides?: Readonly<Record<string, string>>,
    /** A registry to share (the caller closes it); else one is made when needed. */
    private readonly sharedRegistry?: GrammarRegistry,
  ) {
    this.registry = sharedRegistry;
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

  async close(): Promise<void> {
    if (this.registry !== this.sharedRegistry) await this.registry?.close();
  }

  private async outline(relPath: string): Promise<FileOutline> {
    const source = readSource(toAbsPath(this.root, relPath));
    if (!source.ok) return EMPTY_OUTLINE;
    const language = this.languages.get(relPath);
    if (!language) return { ...EMPTY_OUTLINE, lines: splitLines(source.text) };
    if (!this.registry) {
      const { GrammarRegistry } = await import('../tags/grammar-registry.js');
      this.registry = new GrammarRegistry({ grammarOverrides: this.grammarOverrides });
    }
    const registry = this.registry;
    const text = withFinalNewline(source.text);
    const parseAs = await sourceToParse(language, text, registry).catch(() => undefined);
    const grammar = parseAs ? await registry.get(parseAs.languageId).catch(() => undefined) : undefined;
    const tree = grammar && parseAs ? registry.parse(grammar, parseAs.text) : null;
    if (!tree) return { ...EMPTY_OUTLINE, lines: splitLines(source.text) };
    try {
      return buildOutline(source.text, tree);
    } finally {
      tree.delete();
    }
  }
}
