#!/usr/bin/env node
// What a language's first file costs in a fresh process, per language: grammar load (WASM
// compile), tags query compile, and the first parse + query run over its fixture, in wall time
// and in CPU time (all threads; steadier than wall time on a shared machine). Prints one line per
// language and the medians. `node scripts/bench-first-use.mjs [--json]` (after `npm run build`);
// pass V8 flags to node to compare them (`node --liftoff-only scripts/bench-first-use.mjs`).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Language, Parser, Query } from 'web-tree-sitter';
import { LANGUAGES, readQuerySource, resolveGrammarPath } from '../dist/languages.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/languages/', import.meta.url));
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

await Parser.init();
const rows = [];
for (const spec of LANGUAGES) {
  const dir = `${FIXTURES}${spec.id}`;
  const text = readFileSync(`${dir}/${readdirSync(dir).find((name) => name !== 'expected-tags.txt')}`, 'utf8');
  const bytes = readFileSync(resolveGrammarPath(spec.grammar));
  const row = { language: spec.id };
  const lap = (stage, run) => {
    const wall = performance.now();
    const cpu = cpuMs();
    const value = run();
    row[stage] = { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
    return value;
  };
  const wall = performance.now();
  const cpu = cpuMs();
  const language = await Language.load(bytes);
  row.load = { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
  const query = lap('query', () => new Query(language, readQuerySource(spec.id)));
  lap('parse', () => {
    const parser = new Parser();
    parser.setLanguage(language);
    const tree = parser.parse(text);
    query.matches(tree.rootNode);
    tree.delete();
    parser.delete();
  });
  row.total = {
    wallMs: row.load.wallMs + row.query.wallMs + row.parse.wallMs,
    cpuMs: row.load.cpuMs + row.query.cpuMs + row.parse.cpuMs,
  };
  query.delete();
  rows.push(row);
}
const summary = {
  flags: process.execArgv,
  languages: rows.length,
  medianFirstFileWallMs: median(rows.map((row) => row.total.wallMs)),
  medianFirstFileCpuMs: median(rows.map((row) => row.total.cpuMs)),
  sumCpuMs: Object.fromEntries(['load', 'query', 'parse'].map((stage) => [stage, rows.reduce((sum, row) => sum + row[stage].cpuMs, 0)])),
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ rows, summary }, null, 2));
} else {
  const ms = (value) => value.toFixed(0).padStart(6);
  console.log('language            load ms (cpu)   query ms (cpu)   parse ms (cpu)');
  for (const row of rows) {
    console.log(`${row.language.padEnd(18)} ${ms(row.load.wallMs)} (${ms(row.load.cpuMs)}) ${ms(row.query.wallMs)} (${ms(row.query.cpuMs)}) ${ms(row.parse.wallMs)} (${ms(row.parse.cpuMs)})`);
  }
  const s = summary;
  console.log(`median first file: ${s.medianFirstFileWallMs.toFixed(0)} ms wall, ${s.medianFirstFileCpuMs.toFixed(0)} ms cpu; cpu sums: load ${s.sumCpuMs.load.toFixed(0)} ms, query ${s.sumCpuMs.query.toFixed(0)} ms, parse ${s.sumCpuMs.parse.toFixed(0)} ms`);
}
