/**
 * `--output <file>` checked before any work starts, for every command that writes a map or a
 * graph: what kind of thing the path names decides how it is written (cli/output.ts does the
 * writing). A missing directory or a directory target is a usage error, here.
 */
import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export type OutputTarget =
  /** A regular file, new or existing (a symlink resolved to it): replaced atomically, keeping its mode. */
  | { kind: 'file'; path: string; label: string; mode?: number; relPath?: string }
  /** A device, FIFO or file descriptor (`/dev/stdout`, `/dev/fd/3`): written in place, no temporary file. */
  | { kind: 'stream'; path: string; label: string; fd?: number };

/** Links followed to find a symlink's final target before giving up (the kernel's own limit). */
const MAX_SYMLINK_HOPS = 40;

export function resolveOutputTarget(output: string | undefined, cwd: string, root: string): OutputTarget | undefined {
  if (output === undefined) return undefined;
  if (output === '') throw new UsageError('--output: expected a file name');
  const absolute = path.resolve(cwd, output);
  const fd = descriptorOf(absolute);
  if (fd !== undefined) return { kind: 'stream', path: absolute, label: output, fd };
  if (absolute.startsWith('/dev/') || absolute.startsWith('/proc/')) return { kind: 'stream', path: absolute, label: output };
  const target = followLinks(absolute, output);
  const stats = statSync(target, { throwIfNoEntry: false });
  if (stats?.isDirectory()) throw new UsageError(`--output: ${output} is a directory`);
  if (stats && !stats.isFile()) return { kind: 'stream', path: target, label: output };
  const dir = path.dirname(target);
  const dirStats = statSync(dir, { throwIfNoEntry: false });
  if (!dirStats) throw new UsageError(`--output: no such directory: ${dir}`);
  if (!dirStats.isDirectory()) throw new UsageError(`--output: not a directory: ${dir}`);
  return { kind: 'file', path: target, label: output, mode: stats ? modeOf(stats) : undefined, relPath: insideRoot(target, root) };
}

/** `/dev/stdout`, `/dev/fd/N` and `/proc/self/fd/N` name this process's own descriptors. */
function descriptorOf(absolute: string): number | undefined {
  const named: Record<string, number> = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 };
  if (absolute in named) return named[absolute];
  const match = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(absolute);
  return match ? Number(match[1]) : undefined;
}

/** The path a symlink chain ends at (which may not exist yet: then it is created there). */
function followLinks(absolute: string, label: string): string {
  let current = absolute;
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    const stats = lstatSync(current, { throwIfNoEntry: false });
    if (!stats?.isSymbolicLink()) return stats ? realpathSync(current) : current;
    current = path.resolve(path.dirname(current), readlinkSync(current));
  }
  throw new UsageError(`--output: too many levels of symbolic links: ${label}`);
}

function modeOf(stats: Stats): number {
  return stats.mode & 0o7777;
}

/** The target's root-relative path when it lies inside the root: it is never part of the map. */
function insideRoot(target: string, root: string): string | undefined {
  const dir = realpathSync(path.dirname(target));
  const relative = path.relative(root, path.join(dir, path.basename(target)));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
