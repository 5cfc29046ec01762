#!/usr/bin/env node
/* global window, requestAnimationFrame */
// Opens a page made by `repomap graph --format html` in headless Chromium, reports how long it
// takes to become usable (navigation → first render with every handler wired), and optionally
// saves a screenshot, optionally after selecting a file (the README picture is made this way).
//
//   node scripts/graph-page.mjs <page.html> [--screenshot out.png] [--select <path>] [--runs N]
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { screenshot: { type: 'string' }, select: { type: 'string' }, runs: { type: 'string', default: '3' } },
});
const [file] = positionals;
if (!file) {
  process.stderr.write('usage: node scripts/graph-page.mjs <page.html> [--screenshot out.png] [--select <path>] [--runs N]\n');
  process.exit(2);
}
const pageUrl = `file://${path.resolve(file)}`;
const browser = await launchChromium();
try {
  const times = [];
  let page;
  for (let run = 0; run < Number(values.runs); run++) {
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 860 });
    const started = performance.now();
    await page.goto(pageUrl);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    // One more frame so the first WebGL render is on screen.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    times.push(performance.now() - started);
    if (run < Number(values.runs) - 1) await page.close();
  }
  const nodes = await page.evaluate(() => window.repomapGraph.graph.order);
  const edges = await page.evaluate(() => window.repomapGraph.graph.size);
  times.sort((a, b) => a - b);
  process.stdout.write(
    `${file}: ${(statSync(file).size / 1e6).toFixed(2)} MB, ${nodes} files, ${edges} edges; ` +
      `open to first render: median ${Math.round(times[Math.floor(times.length / 2)])} ms (${times.map(Math.round).join(', ')} ms)\n`,
  );
  if (values.select) {
    await page.evaluate((node) => window.repomapGraph.select(node), values.select);
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
  if (values.screenshot) await page.screenshot({ path: values.screenshot });
} finally {
  await browser.close();
}
