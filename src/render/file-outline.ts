/**
 * What rendering knows of one file (SPEC A7): its lines, and for each definition row the end of
 * its signature and the header rows of its scopes, read from the scope record the tags stage
 * made while it held the tree. Rendering never parses.
 */
export interface FileOutline {
  /** The file split on "\n", a trailing "\r" removed, without the empty piece after a final "\n". */
  lines: string[];
  /** Row → its scopes' header rows as [start0, end0, start1, end1, …], ends exclusive. */
  headers: ReadonlyMap<number, readonly number[]>;
  /** Definition row → the exclusive end row of its signature (the compact style shows [row, end)). */
  signatures: ReadonlyMap<number, number>;
}

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** The outline of `text` from its scope record (a ScopeRecord from types.ts, or a packed copy). */
export function buildOutline(text: string, record: ArrayLike<number>): FileOutline {
  const headers = new Map<number, number[]>();
  const signatures = new Map<number, number>();
  for (let i = 0; i < record.length; ) {
    const row = record[i]!;
    signatures.set(row, record[i + 1]!);
    const count = record[i + 2]!;
    if (count > 0) headers.set(row, Array.from({ length: 2 * count }, (_, k) => record[i + 3 + k]!));
    i += 3 + 2 * count;
  }
  return { lines: splitLines(text), headers, signatures };
}
