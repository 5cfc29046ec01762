/**
 * `--grammar` overrides are loaded once before any work starts, so a file that is not a
 * grammar this tree-sitter can load is a usage error (exit 2), not a build that silently skips a
 * language. Only runs when --grammar is given: the packaged grammars need no such check.
 */
import { describeCause, UsageError } from '../errors.js';

export async function checkGrammarOverrides(overrides: Record<string, string> | undefined): Promise<void> {
  if (!overrides || Object.keys(overrides).length === 0) return;
  const { GrammarRegistry } = await import('../tags/grammar-registry.js');
  const registry = new GrammarRegistry({ grammarOverrides: overrides });
  try {
    for (const language of Object.keys(overrides)) {
      try {
        await registry.get(language);
      } catch (error) {
        throw new UsageError(`--grammar: ${describeCause(error)}`, { cause: error });
      }
    }
  } finally {
    await registry.close();
  }
}
