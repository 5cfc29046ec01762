/** `repomap graph` end to end through the built binary: formats, flags, usage errors, and what it loads. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyFixtureRepo, FORBID, makeTempDir, runRepomap } from '../helpers.js';

const repomap = runRepomap;

describe('repomap graph', () => {
  test('prints graphology JSON by default, only that on stdout, with the chat file marked', () => {
    const root = copyFixtureRepo('systems-mix');
    const run = repomap(['graph', '--no-cache', '--chat', 'core/buffer.c', '--top', '5'], root);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const graph = JSON.parse(run.stdout) as { options: { type: string }; nodes: Array<{ key: string; attributes: Record<string, unknown> }>; edges: unknown[] };
    expect(graph.options.type).toBe('directed');
    expect(graph.nodes.length).toBe(5);
    expect(graph.nodes.find((node) => node.key === 'core/buffer.c')!.attributes).toMatchObject({ chat: true, language: 'c', directory: 'core' });
    expect(graph.edges.length).toBeGreaterThan(0);
  }, 60_000);

  test('--format html --output writes one page with everything inline and no network address', () => {
    const root = copyFixtureRepo('systems-mix');
    const out = path.join(makeTempDir(), 'graph.html');
    const run = repomap(['graph', '--no-cache', '--format', 'html', '--output', out], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    // Nothing the browser would fetch: no external scripts, styles, images or frames.
    expect(page).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(page).toContain("default-src 'none'");
  }, 60_000);

  test('an unknown format or a bad --top is a usage error (exit 2) before any work', () => {
    const root = copyFixtureRepo('systems-mix');
    const badFormat = repomap(['graph', '--format', 'svg'], root);
    expect(badFormat.exitCode).toBe(2);
    expect(badFormat.stderr).toMatch(/--format.*svg/);
    const badTop = repomap(['graph', '--top', 'ten'], root);
    expect(badTop.exitCode).toBe(2);
    expect(badTop.stderr).toBe("repomap: --top: expected a positive whole number, got 'ten'\n");
  }, 60_000);

  test('repomap build never loads graphology or sigma', () => {
    const root = copyFixtureRepo('systems-mix');
    const run = repomap(['build', '--no-cache'], root, { REPOMAP_FORBID_MODULES: 'graphology,graphology-metrics,graphology-gexf,graphology-layout-forceatlas2,sigma' }, ['--import', FORBID]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
  }, 60_000);
});
