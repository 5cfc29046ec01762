/**
 * Loads, for the files a map shows, the outline rendering needs: read, parse, walk, free the
 * tree. Each file is outlined at most once per build. A file that can no longer be read renders
 * as its lines of interest without scopes rather than failing the map.
 */
import { buildOutline, splitLines, withFinalNewline, type FileOutline } from '../render/file-outline.js';
import { renderSnippet } from '../render/render-snippet.js';
import { toAbsPath } from '../paths.js';
import type { GrammarRegistry } from '../tags/grammar-registry.js';
import { readSource } from '../tags/read-source.js';
import { sourceToParse } from '../tags/tag-file.js';

const EMPTY_OUTLINE: FileOutline = {
  lines: [],
  headerEnd: new Int32Array(1),
  rowHasStart: new Uint8Array(1),
  spans: new Int32Array(0),
};

export class OutlineLoader {
  private readonly outlines = new Map<string, FileOutline>();

  constructor(
    private readonly root: string,
    private readonly registry: GrammarRegistry,
    /** Language id of each tagged file. */
    private readonly languages: ReadonlyMap<string, string>,
  ) {}

  async load(relPaths: string[]): Promise<void> {
    for (const relPath of relPaths) {
      if (!this.outlines.has(relPath)) this.outlines.set(relPath, await this.outline(relPath));
    }
  }

  renderSnippet(relPath: string, lines: number[]): string {
    return renderSnippet(this.outlines.get(relPath) ?? EMPTY_OUTLINE, lines);
  }

  private async outline(relPath: string): Promise<FileOutline> {
    const source = readSource(toAbsPath(this.root, relPath));
    if (!source.ok) return EMPTY_OUTLINE;
    const language = this.languages.get(relPath);
    const text = withFinalNewline(source.text);
    const parseAs = language ? await sourceToParse(language, text, this.registry).catch(() => undefined) : undefined;
    const grammar = parseAs ? await this.registry.get(parseAs.languageId).catch(() => undefined) : undefined;
    const tree = grammar && parseAs ? this.registry.parse(grammar, parseAs.text) : null;
    if (!tree) return { ...EMPTY_OUTLINE, lines: splitLines(source.text), headerEnd: new Int32Array(0) };
    try {
      return buildOutline(source.text, tree);
    } finally {
      tree.delete();
    }
  }
}
