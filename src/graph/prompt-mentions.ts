/**
 * Derives mentioned files and identifiers from a prompt the way aider does (SPEC A1): identifiers
 * are the text split on non-word characters; files are words equal to a path or to a unique,
 * distinctive base name, plus files whose stem (≥ 5 characters) equals an identifier.
 */
import { stripExtension } from './personalize.js';

const NON_WORD = /[^\p{L}\p{N}\p{Mn}\p{Pc}]+/u;
const TRAILING_PUNCTUATION = /[,.!;:?]+$/;
const SURROUNDING_QUOTES = /^["'`*_]+|["'`*_]+$/g;
const STEM_MATCH_MIN_LENGTH = 5;

export interface PromptMentions {
  files: Set<string>;
  idents: Set<string>;
}

export function mentionedIdentsOf(text: string): Set<string> {
  return new Set(text.split(NON_WORD).filter(Boolean));
}

/** `relPaths` are the files the prompt may name (all files but the chat files). */
export function mentionsFromPrompt(text: string, relPaths: readonly string[]): PromptMentions {
  const idents = mentionedIdentsOf(text);
  const words = new Set(
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => word.replace(TRAILING_PUNCTUATION, '').replace(SURROUNDING_QUOTES, '').replaceAll('\\', '/')),
  );
  const files = new Set<string>();
  const byBaseName = new Map<string, string[]>();
  const byStem = new Map<string, string[]>();
  for (const relPath of relPaths) {
    if (words.has(relPath)) files.add(relPath);
    const baseName = relPath.slice(relPath.lastIndexOf('/') + 1);
    if (/[/\\._-]/.test(baseName)) {
      const list = byBaseName.get(baseName) ?? [];
      list.push(relPath);
      byBaseName.set(baseName, list);
    }
    const stem = stripExtension(baseName).toLowerCase();
    if ([...stem].length >= STEM_MATCH_MIN_LENGTH) {
      const list = byStem.get(stem) ?? [];
      list.push(relPath);
      byStem.set(stem, list);
    }
  }
  for (const [baseName, list] of byBaseName) {
    if (list.length === 1 && words.has(baseName)) files.add(list[0]!);
  }
  for (const ident of idents) {
    if ([...ident].length < STEM_MATCH_MIN_LENGTH) continue;
    for (const relPath of byStem.get(ident.toLowerCase()) ?? []) files.add(relPath);
  }
  return { files, idents };
}
