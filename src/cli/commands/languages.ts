/** `repomap languages`: the language registry as a table or JSON. */
import { describeLanguages } from '../../language-info.js';
import { writeStdout } from '../output.js';

export async function runLanguages(flags: { json?: boolean }): Promise<void> {
  const languages = describeLanguages();
  if (flags.json) {
    await writeStdout(`${JSON.stringify({ schema: 'repomap-languages/1', languages }, null, 2)}\n`);
    return;
  }
  const rows = languages.map((language) => [
    language.id,
    language.extensions.concat(language.filenames).join(' '),
    `${language.grammarPackage}@${language.grammarVersion}`,
    [language.definitions ? 'defs' : '', language.references ? 'refs' : ''].filter(Boolean).join('+') || '-',
  ]);
  const header = ['language', 'files', 'grammar', 'yields'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  await writeStdout([format(header), ...rows.map(format)].join('\n') + '\n');
}
