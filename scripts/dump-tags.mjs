#!/usr/bin/env node
// Prints the tags repomap extracts from files, one `name role kind line` tuple a line, in the
// format of fixtures/languages/<lang>/expected-tags.txt: `node scripts/dump-tags.mjs <file...>`.
import path from 'node:path';
import { GrammarRegistry } from '../dist/tags/grammar-registry.js';
import { tagFile } from '../dist/tags/tag-file.js';
import { formatTagTuples } from '../dist/tags/tag-tuples.js';

const registry = new GrammarRegistry();
for (const file of process.argv.slice(2)) {
  const result = await tagFile({ relPath: path.basename(file), absPath: path.resolve(file) }, registry);
  if (result.type !== 'tags') {
    console.log(`# ${file}: ${JSON.stringify(result)}`);
    continue;
  }
  if (process.argv.length > 3) console.log(`# ${file} (${result.tags.language})`);
  process.stdout.write(formatTagTuples(result.tags));
}
await registry.close();
