/**
 * Snippets for the files a map shows: from the TreeCache when a file's content and lines of
 * interest were rendered before, else from the file's lines and the scope record its tags carry
 * (SPEC A7), then stored. Nothing is parsed here.
 */
import { DEFAULT_STYLE, RENDERER_VERSION, renderSnippet, type MapStyle } from '../render/render-snippet.js';
import { buildOutline, type FileOutline } from '../render/file-outline.js';
import { toAbsPath } from '../paths.js';
import { decodeTags, parseTagKey, type TagCache } from '../store/tag-cache.js';
import type { TreeCache, TreeKey } from '../store/tree-cache.js';
import { readSource } from '../tags/read-source.js';
import { ScopeRecords } from './scope-records.js';

const EMPTY_OUTLINE: FileOutline = { lines: [], headers: new Map(), signatures: new Map() };

export interface SnippetRequest {
  relPath: string;
  lines: number[];
}

export class SnippetSource {
  private readonly outlines = new Map<string, FileOutline>();
  private readonly cached = new Map<string, string>();
  private hashes: ReadonlyMap<string, string> | undefined;
  private readonly scopes = new ScopeRecords();
  private keys: ReadonlyMap<string, string> = new Map();

  /**
   * Lives as long as its session: outlines and snippets stay in memory across maps until
   * `invalidate` names their file. Scope records come with each index (`use`); those of files
   * the index copied from an earlier one are kept from then, or read from the TagCache.
   */
  constructor(
    private readonly root: string,
    private readonly trees: TreeCache | undefined,
    private readonly tags: TagCache | undefined,
  ) {}

  /** The next map's index: its new scope records, every file's tag key, and (with a cache) content hashes. */
  use(indexed: { scopes: ScopeRecords; keys: ReadonlyMap<string, string> }, hashes: ReadonlyMap<string, string> | undefined): void {
    // Kept across indexes, not dropped by invalidate: a file re-read unchanged is copied, not re-parsed.
    this.scopes.absorb(indexed.scopes);
    this.keys = indexed.keys;
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

  async prepare(requests: readonly SnippetRequest[], style: MapStyle = DEFAULT_STYLE): Promise<void> {
    for (const { relPath, lines } of requests) {
      const id = snippetId(relPath, lines, style);
      if (this.cached.has(id) || this.outlines.has(relPath)) continue;
      const key = this.treeKey(relPath, lines, style);
      const snippet = key && this.trees ? this.trees.get(key) : undefined;
      if (snippet !== undefined) this.cached.set(id, snippet);
      else this.outlines.set(relPath, this.outline(relPath));
    }
  }

  render(relPath: string, lines: number[], style: MapStyle = DEFAULT_STYLE): string {
    const id = snippetId(relPath, lines, style);
    const cached = this.cached.get(id);
    if (cached !== undefined) return cached;
    const snippet = renderSnippet(this.outlines.get(relPath) ?? EMPTY_OUTLINE, lines, style);
    const key = this.treeKey(relPath, lines, style);
    if (key && this.trees) this.trees.set(key, snippet);
    this.cached.set(id, snippet);
    return snippet;
  }

  /** The TreeCache key of a snippet: none without the file's content hash and tag key. */
  private treeKey(relPath: string, lines: number[], style: MapStyle): TreeKey | undefined {
    const hash = this.hashes?.get(relPath);
    const fingerprint = parseTagKey(this.keys.get(relPath) ?? '')?.fingerprint;
    if (!hash || !fingerprint) return undefined;
    return { relPath, hash, lines, style, source: `r${RENDERER_VERSION}.${fingerprint.slice(0, 16)}` };
  }

  private outline(relPath: string): FileOutline {
    const source = readSource(toAbsPath(this.root, relPath));
    return source.ok ? buildOutline(source.text, this.scopesOf(relPath) ?? []) : EMPTY_OUTLINE;
  }

  private scopesOf(relPath: string): ArrayLike<number> | undefined {
    const held = this.scopes.get(relPath);
    if (held) return held;
    const key = parseTagKey(this.keys.get(relPath) ?? '');
    const data = key && this.tags?.get(key);
    if (!data) return undefined;
    try {
      return decodeTags(relPath, data).scopes;
    } catch {
      // A damaged entry (the next build that reads it drops it): the outline without scopes.
      return undefined;
    }
  }
}

/** A rendered snippet's name in memory; the path comes first (invalidate reads it back). */
function snippetId(relPath: string, lines: readonly number[], style: MapStyle): string {
  return `${relPath}\0${lines.join(',')}\0${style}`;
}
