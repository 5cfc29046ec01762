/**
 * What every input file holds right now, answered as cheaply as possible (SPEC B2): a file whose
 * mtime and size match the files table keeps its recorded hash and language without being read;
 * any other file is read once, hashed and classified. `touch` and branch switches that leave
 * contents alone therefore re-parse nothing.
 */
import { DEFAULT_MAX_FILE_BYTES } from '../discovery/discover-files.js';
import { detectLanguageId, detectLanguageByName } from '../languages.js';
import type { FileState } from '../store/tag-cache.js';
import { contentHash, readSource } from '../tags/read-source.js';
import type { SkippedFile, SourceFile } from '../types.js';

/** Recorded as the language of binary files, so an unchanged binary file is not read again. */
export const BINARY_LANGUAGE = '!binary';

export interface InputFile {
  relPath: string;
  absPath: string;
  size: number;
  /** Content hash, when known (always with a cache). */
  hash?: string;
  /** Language id; null for files no grammar parses; undefined when not known yet (no cache). */
  language?: string | null;
  /** mtime and size as one string: what a session without a cache compares to see a change. */
  stamp?: string;
  /**
   * Set on a file not read yet into an empty cache (a first build): the worker that parses it
   * hashes it, and its row (with this mtime) is written then, instead of every file being read
   * and hashed on the main thread before any worker starts.
   */
  pendingRow?: { mtimeMs: number };
}

/** What a worker learned of a file with a pending row: its hash, and its language when known. */
export interface LearnedFile {
  relPath: string;
  hash: string;
  /** undefined: not known (its parse ran past the budget). */
  language: string | null | undefined;
  binary?: true;
}

export interface FileStatesResult {
  files: InputFile[];
  /** Rows to write back to the files table (new, changed or touched files). */
  updates: FileState[];
  skipped: SkippedFile[];
  /** Files seen before whose content is different now. */
  changed: string[];
  /** Files that were read and hashed (their stat had changed). */
  rehashed: number;
  /** Files whose content is new or changed, and their languages: their grammars will be needed. */
  freshFiles: number;
  freshLanguages: Set<string>;
}

export function languageFor(relPath: string, size: number, recorded: string | null, headerLanguage: string): string | null {
  // An empty file has nothing to parse, whatever its name says.
  if (size === 0) return null;
  if (relPath.endsWith('.h')) return headerLanguage;
  return detectLanguageByName(relPath)?.id ?? recorded;
}

/** `known`: the files table as last recorded (path → state). */
export function currentFileStates(
  sources: readonly SourceFile[],
  known: ReadonlyMap<string, FileState>,
  headerLanguage: string,
  /** Paths read and hashed whatever their stat says (a watcher saw them change). */
  forceRead: ReadonlySet<string> = new Set(),
  /** No file is read past this (`--max-file-bytes`), whatever its stat says. */
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
): FileStatesResult {
  const result: FileStatesResult = { files: [], updates: [], skipped: [], changed: [], rehashed: 0, freshFiles: 0, freshLanguages: new Set() };
  for (const source of sources) {
    const { relPath, absPath, size, mtimeMs } = source;
    const previous = known.get(relPath);
    if (previous && previous.mtimeMs === mtimeMs && previous.size === size && !forceRead.has(relPath)) {
      if (previous.language === BINARY_LANGUAGE) {
        result.skipped.push({ relPath, reason: 'binary', detail: 'contains NUL bytes' });
        continue;
      }
      result.files.push({ relPath, absPath, size, hash: previous.hash, language: languageFor(relPath, size, previous.language, headerLanguage) });
      continue;
    }
    const read = readSource(absPath, maxFileBytes);
    result.rehashed++;
    if (!read.ok) {
      result.skipped.push({ relPath, reason: read.reason, detail: read.detail });
      if (read.reason === 'binary') {
        result.updates.push({ relPath, mtimeMs, size, hash: contentHash(read.bytes ?? new Uint8Array()), language: BINARY_LANGUAGE });
      }
      continue;
    }
    const hash = contentHash(read.bytes);
    const language = read.text.length === 0 ? null : (detectLanguageId(relPath, read.text, { headerLanguage }) ?? null);
    if (previous && previous.hash !== hash) result.changed.push(relPath);
    if (!previous || previous.hash !== hash) {
      result.freshFiles++;
      if (language) result.freshLanguages.add(language);
    }
    result.updates.push({ relPath, mtimeMs, size, hash, language });
    result.files.push({ relPath, absPath, size, hash, language });
  }
  return result;
}
