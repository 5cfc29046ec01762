/**
 * Describes the language registry for `repomap languages`: extensions, the grammar package and
 * its installed version, and whether the tags query has definition and reference patterns
 * (read from the query text, so no grammar needs loading).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LANGUAGES, queryPath, readQuerySource } from './languages.js';

export interface LanguageInfo {
  id: string;
  name: string;
  extensions: string[];
  filenames: string[];
  grammarPackage: string;
  grammarVersion: string;
  definitions: boolean;
  references: boolean;
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/** Query text without comments; markup with embedded scripts also yields its scripts' tags. */
function queryText(id: string, embedsScript: boolean): string {
  const ids = embedsScript ? [id, 'javascript', 'typescript'] : [id];
  return ids
    .filter((languageId) => existsSync(queryPath(languageId)))
    .map((languageId) => readQuerySource(languageId).replace(/;.*$/gm, ''))
    .join('\n');
}

export function describeLanguages(): LanguageInfo[] {
  return LANGUAGES.map((spec) => {
    const query = queryText(spec.id, spec.embedsScript ?? false);
    return {
      id: spec.id,
      name: spec.name,
      extensions: spec.extensions,
      filenames: spec.filenames ?? [],
      grammarPackage: spec.grammar.package,
      grammarVersion: packageVersion(spec.grammar.package),
      definitions: query.includes('@definition.'),
      references: query.includes('@reference.'),
    };
  });
}
