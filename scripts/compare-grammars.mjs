#!/usr/bin/env node
// Compares, for each language that @cursorless/tree-sitter-wasms also builds, our grammar with
// that build: ERROR/MISSING nodes on our fixture and on up to 300 corpus files (installed by
// `npm run bench`), whether our query compiles, load, query-compile and parse times.
// `node scripts/compare-grammars.mjs [language...]` (after `npm run build`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';
import { LANGUAGES, resolveGrammarPath, readQuerySource } from '../dist/languages.js';
await Parser.init();
const CUR = path.join(path.dirname(fileURLToPath(import.meta.resolve('@cursorless/tree-sitter-wasms/package.json'))), 'out');
const corporaDir = process.env.REPOMAP_CORPORA_DIR ?? path.join(homedir(), '.cache', 'repomap-corpora');
const corpora = { python: [`${corporaDir}/small`, '.py'], go: [`${corporaDir}/medium`, '.go'], typescript: [`${corporaDir}/ts`, '.ts'], c: [`${corporaDir}/large/kernel`, '.c'] };
function walk(dir, ext, out, max) { for (const e of readdirSync(dir, { withFileTypes: true })) { if (out.length >= max) return; const p = path.join(dir, e.name); if (e.isDirectory()) walk(p, ext, out, max); else if (p.endsWith(ext)) out.push(p); } }
const only = process.argv.slice(2);
const countErrors = (node) => { let n = 0; const c = node.walk(); for (;;) { if (c.nodeType === 'ERROR' || c.nodeIsMissing) n++; if (c.gotoFirstChild()) continue; while (!c.gotoNextSibling()) { if (!c.gotoParent()) return n; } } };
for (const spec of LANGUAGES) {
  if (only.length && !only.includes(spec.id)) continue;
  const name = spec.grammar.file.replace(/^out\//, '').replace(/^tree-sitter-/, '').replace(/\.wasm$/, '');
  const alt = path.join(CUR, `tree-sitter-${name}.wasm`);
  if (spec.grammar.package === '@cursorless/tree-sitter-wasms' || !existsSync(alt)) continue;
  const fixDir = fileURLToPath(new URL(`../fixtures/languages/${spec.id}`, import.meta.url));
  const fixture = readFileSync(path.join(fixDir, readdirSync(fixDir).find((n) => n !== 'expected-tags.txt')), 'utf8');
  let corpusFiles = [];
  if (corpora[spec.id] && existsSync(corpora[spec.id][0])) walk(corpora[spec.id][0], corpora[spec.id][1], corpusFiles, 300);
  const corpusTexts = corpusFiles.map((f) => readFileSync(f, 'utf8'));
  const row = [spec.id];
  for (const [label, file] of [['ours', resolveGrammarPath(spec.grammar)], ['cursorless', alt]]) {
    try {
      const bytes = readFileSync(file);
      let t = performance.now();
      const lang = await Language.load(bytes);
      const loadMs = performance.now() - t;
      const parser = new Parser(); parser.setLanguage(lang);
      let qMs = NaN, qErr = '';
      try { t = performance.now(); new Query(lang, readQuerySource(spec.id)); qMs = performance.now() - t; } catch { qErr = 'query fails'; }
      const fixErr = countErrors(parser.parse(fixture).rootNode);
      let corpusErr = 0, bytesParsed = 0; t = performance.now();
      for (const text of corpusTexts) { const tree = parser.parse(text); corpusErr += countErrors(tree.rootNode); bytesParsed += text.length; tree.delete(); }
      const rate = corpusTexts.length ? (bytesParsed / 1024 / 1024) / ((performance.now() - t) / 1000) : NaN;
      row.push(`${label}: ${(bytes.length / 1024) | 0}KB load ${loadMs.toFixed(0)}ms query ${qErr || qMs.toFixed(0) + 'ms'} fixtureERR ${fixErr}` + (corpusTexts.length ? ` corpusERR ${corpusErr}/${corpusTexts.length} files ${rate.toFixed(1)}MB/s` : ''));
    } catch (e) { row.push(`${label}: load fails (${String(e).slice(0, 60)})`); }
  }
  console.log(row.join(' | '));
}
