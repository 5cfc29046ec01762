import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { countTokens as cl100kReference } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200kReference } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, test } from 'vitest';
import { BpeRanks } from '../../src/render/bpe-counter.js';
import { loadTokenCounter } from '../../src/render/token-counter.js';

/** Text as plain text: no special tokens (the reference would throw on their spelling). */
const asText = { disallowedSpecial: new Set<string>() };

/** This repository's sources and tests, in chunks of a few lines (code is what maps hold). */
function chunks(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk('src');
  walk('test');
  walk('grammars');
  const out: string[] = [];
  for (const file of files.sort()) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i += 5) out.push(lines.slice(i, i + 5).join('\n'));
  }
  return out;
}

/** Text BPE has to merge byte by byte: scripts, emoji, combining marks, long runs, numbers, odd whitespace. */
const HARD_TEXTS = [
  '',
  ' ',
  '\n\n\n',
  '\r\n\t  \u00a0\u2028x',
  'naïve café Ωμέγα Привет мир 你好，世界 こんにちは 안녕하세요 مرحبا שלום',
  '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 e\u0301 a\u0308\u0301',
  'x'.repeat(3000),
  ' '.repeat(517) + 'tail',
  '1234567890123 3.14159e-10 0xDEADBEEF 1_000_000',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  "don't I'LL we've THEY'RE it's",
  '<|endoftext|> and <|fim_prefix|>',
  String.fromCodePoint(...Array.from({ length: 400 }, (_, i) => 0x2000 + i * 37)),
];

describe('BPE token counts', async () => {
  const o200k = await loadTokenCounter('o200k');
  const cl100k = await loadTokenCounter('cl100k');
  const texts = [...HARD_TEXTS, ...chunks()];

  test('equal gpt-tokenizer\'s for o200k and cl100k on this repository\'s code and on hard text', () => {
    const differing = texts.filter((text) => o200k(text) !== o200kReference(text, asText) || cl100k(text) !== cl100kReference(text, asText));
    expect(differing).toEqual([]);
    expect(texts.length).toBeGreaterThan(1000);
  });

  test('the spelling of a special token counts as text', () => {
    expect(o200k('<|endoftext|>')).toBe(o200kReference('<|endoftext|>', asText));
    expect(o200k('<|endoftext|>')).toBeGreaterThan(1);
  });

  test('a ranks file is read whole, and a malformed one is refused', () => {
    const ranks = BpeRanks.parse(Buffer.from('YQ== 0\nYg== 1\nYWI= 2\n'));
    expect(ranks.size).toBe(3);
    expect(ranks.rank(Buffer.from('ab'), 0, 2)).toBe(2);
    expect(ranks.rank(Buffer.from('ba'), 0, 2)).toBeGreaterThan(2);
    expect(() => BpeRanks.parse(Buffer.from('Y?== 0\n'))).toThrow(/base64/);
    expect(() => BpeRanks.parse(Buffer.from('YQ== x\n'))).toThrow(/rank/);
  });
});
