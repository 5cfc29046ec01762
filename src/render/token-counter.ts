/**
 * Token counting for the budget. `o200k` (default) and `cl100k` are exact BPE counts from
 * gpt-tokenizer (pure JS, no init cost; loaded only when a map is actually fitted). `approx` is
 * characters / 2.8: map text is dense in symbols, and chars/4 undercounts it by ~29 %.
 */

export const TOKENIZERS = ['o200k', 'cl100k', 'approx'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];
export const DEFAULT_TOKENIZER: TokenizerName = 'o200k';

/** Measured on map text against o200k: 2.8 characters per token. */
export const APPROX_CHARS_PER_TOKEN = 2.8;

export type CountTokens = (text: string) => number;

export function isTokenizerName(name: string): name is TokenizerName {
  return (TOKENIZERS as readonly string[]).includes(name);
}

export async function loadTokenCounter(name: TokenizerName): Promise<CountTokens> {
  switch (name) {
    case 'approx':
      return (text) => Math.ceil(text.length / APPROX_CHARS_PER_TOKEN);
    case 'o200k': {
      const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
      return (text) => countTokens(text);
    }
    case 'cl100k': {
      const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
      return (text) => countTokens(text);
    }
  }
}
