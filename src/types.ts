/**
 * Plain records exchanged between the stages (discovery → tags → graph → render). Everything
 * here is serializable data: no classes, no handles, so records can cross worker threads and go
 * into caches unchanged.
 */

export type TagRole = 'definition' | 'reference';

/** One capture of a tags query: a name defined or referenced at a 0-based row. */
export interface Tag {
  relPath: string;
  /** 0-based row of the captured name node; -1 for references backfilled from identifiers. */
  line: number;
  column: number;
  name: string;
  role: TagRole;
  /** The capture's suffix: `function`, `class`, `method`, `call`, … */
  kind: string;
}

/**
 * All references of one file to one name and kind, folded into a count: a large C file holds
 * tens of thousands of references and the graph only needs how many. The position is the first.
 */
export interface ReferenceCount {
  name: string;
  kind: string;
  line: number;
  column: number;
  count: number;
}

/**
 * What rendering needs of a file's syntax tree (SPEC A7), recorded by the tags stage while it
 * holds the tree, so rendering never parses. Flat, for caches and worker messages: for each
 * definition row in ascending order, `row, signatureEnd, n` and then n pairs `start, end`.
 * [row, signatureEnd) are the rows of the signature of the definitions named on the row (up to
 * where their body starts); each pair is the header rows [start, end) of a scope spanning the
 * row (its own when a node starts on it). Scopes starting on row 0 never show a header and are
 * left out. A row holding what a signature needs above it (a decorator, a `const (` group's
 * opener) is recorded the same way with its rows as the "signature" and no scopes.
 */
export type ScopeRecord = number[];

/** What the tags stage yields for one file. */
export interface FileTags {
  relPath: string;
  language: string;
  definitions: Tag[];
  references: ReferenceCount[];
  /** True when references were backfilled from identifiers (the query captured none). */
  backfilled: boolean;
  /** The scopes of the definition rows, for rendering. */
  scopes: ScopeRecord;
}

/**
 * A file's tags read where they lie (a worker's packed batch), for encoding without making a
 * Tag object each: what the TagCache's encoder asks of them.
 */
export interface TagSource {
  readonly language: string;
  readonly backfilled: boolean;
  forEachDefinition(visit: (name: string, kind: string, line: number, column: number) => void): void;
  forEachReference(visit: (name: string, kind: string, line: number, column: number, count: number) => void): void;
  scopeValues(): ArrayLike<number>;
}

/**
 * A file's tags as ids an index gave their names (tags/ reads them out of a worker's packed batch,
 * graph/ adds them): definition `i` written as (ident, line, kind) and reference `i` as
 * (ident, count) into `into`.
 */
export interface InternedEntries {
  definitions: number;
  definition(i: number, into: Int32Array): void;
  references: number;
  reference(i: number, into: Int32Array): void;
}

/** Gives identifier and kind names their ids (a TagIndex). */
export interface NameInterner {
  intern(name: string): number;
  internKind(kind: string): number;
}

/** A file found by discovery. */
export interface SourceFile {
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

export type SkipReason =
  | 'too-large'
  | 'binary'
  | 'unreadable'
  | 'vanished'
  | 'symlink-outside-root'
  | 'not-a-file'
  | 'parse-failed'
  /** Parsing and querying took longer than the per-file budget (`--parse-budget`). */
  | 'parse-timeout'
  | 'grammar-unavailable';

export interface SkippedFile {
  relPath: string;
  reason: SkipReason;
  detail?: string;
}

/** One slot of the ranked list: a definition (all tags of a file for one name) or a bare file. */
export type RankedEntry =
  | { type: 'definition'; relPath: string; name: string; lines: number[]; score: number }
  | { type: 'file'; relPath: string };
