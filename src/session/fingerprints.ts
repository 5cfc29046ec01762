/**
 * Identities that make cached entries valid (SPEC B1): per language, a fingerprint of its
 * grammar's bytes and its query text (so changing either invalidates exactly that language's
 * tags), and the state part of a map key for each refresh mode (SPEC A8).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { getLanguage, LANGUAGES, readQuerySource, resolveGrammarPath } from '../languages.js';
import type { RefreshMode } from '../store/cache-config.js';
import type { CacheManager } from '../store/cache-manager.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import { EXTRACTOR_VERSION } from '../tags/extract-tags.js';

const sha1 = (...parts: Array<string | Uint8Array>): string => {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

interface WasmMemo {
  size: number;
  mtimeMs: number;
  hash: string;
}

/** Hashing a grammar (up to 7 MB) is skipped while its file's size and mtime are unchanged. */
function wasmHash(file: string, cache: CacheManager | undefined): string {
  const stats = statSync(file);
  const memoKey = `wasm:${file}`;
  const memo = cache?.getMeta<WasmMemo>(memoKey);
  if (memo && memo.size === stats.size && memo.mtimeMs === stats.mtimeMs) return memo.hash;
  const hash = sha1(readFileSync(file));
  cache?.setMeta(memoKey, { size: stats.size, mtimeMs: stats.mtimeMs, hash });
  return hash;
}

export function languageFingerprint(
  languageId: string,
  cache: CacheManager | undefined,
  overrides: Readonly<Record<string, string>> = {},
): string {
  const spec = getLanguage(languageId);
  if (!spec) return sha1('unknown', languageId);
  let grammar: string;
  let query: string;
  try {
    grammar = wasmHash(overrides[languageId] ?? resolveGrammarPath(spec.grammar), cache);
    query = readQuerySource(languageId);
  } catch {
    // Missing files: a fingerprint that cannot match a good one; tagging reports the error.
    return sha1('unavailable', languageId, String(Date.now()));
  }
  const parts = [String(SCHEMA_VERSION), String(EXTRACTOR_VERSION), languageId, grammar, query];
  // Markup with embedded scripts is tagged with the script grammars too.
  if (spec.embedsScript) {
    for (const script of LANGUAGES.filter((language) => ['javascript', 'typescript', 'tsx'].includes(language.id))) {
      parts.push(languageFingerprint(script.id, cache, overrides));
    }
  }
  return sha1(...parts);
}

export function languageFingerprints(
  languageIds: Iterable<string>,
  cache: CacheManager | undefined,
  overrides?: Readonly<Record<string, string>>,
): Map<string, string> {
  const fingerprints = new Map<string, string>();
  for (const id of languageIds) if (!fingerprints.has(id)) fingerprints.set(id, languageFingerprint(id, cache, overrides));
  return fingerprints;
}

export interface StateKeyInput {
  mode: RefreshMode;
  /** Options that change the map besides the key's own fields. */
  settings: Record<string, unknown>;
  fingerprints: Map<string, string>;
  files: ReadonlyArray<{ relPath: string; hash?: string }>;
}

/** `auto`: contents, grammars and settings; `files`/`manual`: settings only (contents ignored). */
export function stateKey({ mode, settings, fingerprints, files }: StateKeyInput): string {
  const hash = createHash('sha1').update(JSON.stringify(settings));
  if (mode === 'auto' || mode === 'always') {
    for (const [id, fingerprint] of [...fingerprints].sort()) hash.update(`${id}=${fingerprint}\n`);
    for (const file of files) hash.update(`${file.relPath}\0${file.hash ?? ''}\n`);
  }
  return `${mode}:${hash.digest('hex')}`;
}
