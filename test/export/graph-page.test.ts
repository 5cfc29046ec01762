/**
 * The HTML page in a real browser: headless Chromium from the Debian package, driven by
 * puppeteer-core (never a downloaded browser). Skipped with a printed reason where Chromium is
 * absent; .ci/run installs it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderGraphPage } from '../../src/export/graph-page.js';
import { toGraphology } from '../../src/export/to-graphology.js';
import { buildRepoMap } from '../../src/session/build-map.js';
import { CHROMIUM, hasChromium, launchChromium } from '../../scripts/chromium.mjs';
import { copyFixtureRepo, makeTempDir } from '../helpers.js';

if (!hasChromium()) console.log(`skipping the browser test: ${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`);

describe.skipIf(!hasChromium())('the graph page in Chromium', () => {
  let browser: Browser;
  let pageFile: string;
  let tempDir: string;
  let nodeCount: number;
  let searched: string;

  beforeAll(async () => {
    const root = copyFixtureRepo('systems-mix');
    const result = await buildRepoMap({ root, workers: 0, tokens: 300, withGraph: true, chatFiles: [] });
    const graph = toGraphology(result);
    nodeCount = graph.order;
    searched = [...graph.nodes()].sort((a, b) => graph.getNodeAttribute(b, 'rank') - graph.getNodeAttribute(a, 'rank'))[0]!;
    tempDir = makeTempDir('repomap-page-');
    pageFile = path.join(tempDir, 'graph.html');
    writeFileSync(pageFile, renderGraphPage(graph, result.graph!, 'systems-mix'));
    browser = await launchChromium(tempDir);
  }, 120_000); // a build and a browser start: ~17 s on a loaded 2-core machine

  afterAll(async () => {
    await browser?.close();
  });

  test('opens offline, draws every file, finds one by search, and shows its panel on click', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`network request: ${request.url()}`);
    });
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(`file://${pageFile}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });

    expect(await page.evaluate(() => (window as never as { repomapGraph: { graph: { order: number } } }).repomapGraph.graph.order)).toBe(nodeCount);
    expect(await page.$$eval('canvas', (canvases) => canvases.length)).toBeGreaterThan(0);

    await page.type('#search', path.basename(searched));
    await page.waitForFunction(() => /\d+ match/.test(document.getElementById('search-status')!.textContent ?? ''));
    const status = await page.$eval('#search-status', (element) => element.textContent);
    expect(Number(status!.split(' ')[0])).toBeGreaterThanOrEqual(1);

    // Click the node where sigma drew it.
    const at = await page.evaluate((node) => {
      const { renderer } = (window as never as { repomapGraph: { renderer: { getNodeDisplayData(n: string): { x: number; y: number }; framedGraphToViewport(p: { x: number; y: number }): { x: number; y: number } } } }).repomapGraph;
      return renderer.framedGraphToViewport(renderer.getNodeDisplayData(node));
    }, searched);
    const box = (await (await page.$('#graph'))!.boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForFunction((node) => document.querySelector('#panel h2')?.textContent === node, { timeout: 10_000 }, searched);
    const panel = await page.$eval('#panel', (element) => element.textContent ?? '');
    expect(panel).toContain('map block');
    expect(panel).toContain('referenced by');
    expect(panel).toMatch(/rank/);
    const listed = await page.$$eval('#panel li .idents', (items) => items.map((item) => item.textContent));
    expect(listed.length).toBeGreaterThan(0);

    await page.screenshot({ path: path.join(tempDir, 'graph.png') });
    expect(existsSync(path.join(tempDir, 'graph.png'))).toBe(true);
    expect(problems).toEqual([]);
  }, 120_000); // ~17 s on a loaded 2-core machine
});
