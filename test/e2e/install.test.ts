/**
 * The package as a user installs it: `npm pack`, then a global install of the tarball into a
 * temporary prefix, then the installed `repomap` on a fixture repository. Catches a `files`
 * list that misses something, a broken bin link and dependencies that do not resolve.
 *
 * Kept cheap: the tarball is packed from the dist/ that `npm test` just built (no prepare
 * run), npm installs from its cache where it can, and better-sqlite3's native binding is
 * copied from this checkout instead of compiled again (its install script would spend minutes
 * rebuilding the same file for the same Node; compiling it is npm's job, not ours).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, makeTempDir, PROJECT_ROOT } from '../helpers.js';

/** Extracting ~40 packages from npm's cache takes ~20 s on a loaded 2-core machine. */
const INSTALL_TIMEOUT_MS = 240_000;

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result;
}

describe('the packed package', () => {
  test(
    'installs from its tarball into a prefix, and its repomap prints the version and a map',
    () => {
      if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build first');
      const work = makeTempDir('repomap-install-');
      const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], PROJECT_ROOT).stdout);
      const tarball = path.join(work, packed[0].filename);
      const prefix = path.join(work, 'prefix');
      run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', tarball], work);

      const installed = path.join(prefix, 'lib', 'node_modules', 'repomap');
      const binding = path.join('build', 'Release', 'better_sqlite3.node');
      const ours = path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
      mkdirSync(path.join(installed, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
      copyFileSync(path.join(ours, binding), path.join(installed, 'node_modules', 'better-sqlite3', binding));

      const repomap = path.join(prefix, 'bin', 'repomap');
      const version = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version;
      expect(run(repomap, ['--version'], work).stdout.trim()).toBe(version);

      const repo = path.join(work, 'repo');
      cpSync(path.join(FIXTURES, 'repos', 'polyglot-service'), repo, { recursive: true });
      const build = run(repomap, ['build', '--tokens', '160'], repo);
      expect(build.stdout).toBe(readFileSync(path.join(FIXTURES, 'golden', 'polyglot-service.small.map.txt'), 'utf8'));
      expect(existsSync(path.join(repo, '.repomap', 'cache.db'))).toBe(true);
    },
    INSTALL_TIMEOUT_MS,
  );
});
