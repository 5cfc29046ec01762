/**
 * The only writers of the terminal and output files. stdout carries just the requested output;
 * a reader that closed the pipe early (`repomap build | head`) ends the process quietly with 0,
 * any other stdout error (a full disk behind `> file`, `/dev/full`) is one line and exit 1.
 * `--output` writes to what the user named (options/output-target.ts): a regular file is
 * replaced atomically (temporary file, then rename) keeping its mode, so a reader never sees
 * half a map; a device, FIFO or descriptor is written in place.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, fstatSync, readlinkSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describeCause, RepomapError } from '../errors.js';
import type { OutputTarget } from '../options/output-target.js';

let pipeGuardInstalled = false;

export function installPipeGuard(): void {
  if (pipeGuardInstalled) return;
  pipeGuardInstalled = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`repomap: stdout: ${describeCause(error)}\n`);
    process.exit(1);
  });
}

export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      if (process.stdout.write(text)) resolve();
      else process.stdout.once('drain', resolve);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      reject(new RepomapError(`stdout: ${describeCause(error)}`, { cause: error }));
    }
  });
}

/** Writes the output where --output points; failures are one-line errors naming the flag. */
export async function writeOutput(target: OutputTarget, text: string): Promise<void> {
  try {
    if (target.kind === 'file') writeFileAtomic(target.path, text, target.mode);
    else if (target.fd === 1) await writeStdout(text);
    else if (target.fd !== undefined) writeAll(target.fd, text);
    else writeFileSync(target.path, text);
  } catch (error) {
    if (error instanceof RepomapError) throw error;
    throw new RepomapError(`--output: cannot write ${target.label}: ${describeCause(error)}`, { cause: error });
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

export function writeFileAtomic(file: string, text: string, mode?: number): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`);
  try {
    writeFileSync(temporary, text);
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

const TEMPORARY_SUFFIX = '.tmp';

/** True for the temporary files writeFileAtomic(file) writes before renaming. */
export function isAtomicTemporaryOf(file: string, candidate: string): boolean {
  const prefix = path.join(path.dirname(file), `.${path.basename(file)}.`);
  return candidate.startsWith(prefix) && candidate.endsWith(TEMPORARY_SUFFIX) && candidate.length === prefix.length + 12 + TEMPORARY_SUFFIX.length;
}

/** The files stdout and stderr are redirected to, if any (Linux: from /proc/self/fd). */
export function stdioFiles(): string[] {
  const files: string[] = [];
  for (const fd of [1, 2]) {
    try {
      if (fstatSync(fd).isFile()) files.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // not a file, or no /proc: nothing to leave out
    }
  }
  return files;
}

export interface Logger {
  warn(message: string): void;
  info(message: string): void;
  verbose(message: string): void;
  progress(message: string): void;
  endProgress(): void;
}

export function createLogger({ quiet, verbose }: { quiet: boolean; verbose: boolean }): Logger {
  const isTty = process.stderr.isTTY === true;
  let progressShown = false;
  const clearProgress = (): void => {
    if (progressShown) process.stderr.write('\r\x1b[K');
    progressShown = false;
  };
  return {
    warn(message) {
      if (quiet) return;
      clearProgress();
      process.stderr.write(`repomap: warning: ${message}\n`);
    },
    info(message) {
      if (quiet) return;
      clearProgress();
      process.stderr.write(`repomap: ${message}\n`);
    },
    verbose(message) {
      if (!verbose) return;
      clearProgress();
      process.stderr.write(`repomap: ${message}\n`);
    },
    progress(message) {
      if (quiet || !isTty) return;
      process.stderr.write(`\r\x1b[K${message}`);
      progressShown = true;
    },
    endProgress: clearProgress,
  };
}
