/**
 * The installed package's root directory (where package.json, grammars/ and dist/ live),
 * found by walking up from this module, so paths stay right whether the code runs from dist/,
 * from a bundle or from the TypeScript sources under the test runner.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'repomap') return dir;
    if (path.dirname(dir) === dir) throw new Error(`repomap: cannot find the package root above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
