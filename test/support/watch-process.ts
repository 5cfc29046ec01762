/** Runs the built CLI from tests: one-shot commands, and `repomap watch` as a long-lived child. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { BIN } from '../helpers.js';

export interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** One CLI run; asynchronous, so a watcher child keeps being read meanwhile. */
export function runRepomap(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<Run> {
  const env = options.env ?? {};
  return new Promise((resolve) => {
    execFile(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const exitCode = error ? ((error as { code?: number }).code ?? null) : 0;
      resolve({ stdout, stderr, exitCode: typeof exitCode === 'number' ? exitCode : null });
    });
  });
}

export interface WatchProcess {
  child: ChildProcess;
  stdout(): Buffer;
  stderr(): string;
  /** Resolves once stderr matches; rejects with what stderr said after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `repomap watch <args>` in `cwd`; `prefix` runs it under another command (such as unshare). */
export function startWatch(args: string[], cwd: string, options: { prefix?: string[] } = {}): WatchProcess {
  const command = [...(options.prefix ?? []), process.execPath, BIN, 'watch', ...args];
  const child = spawn(command[0]!, command.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const out: Buffer[] = [];
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  return {
    child,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    exited,
    waitForStderr: (pattern, timeoutMs = 60_000) =>
      waitUntil(() => pattern.test(err) || exitCode !== undefined, timeoutMs, () => `stderr never matched ${pattern}:\n${err}`).then(() => {
        if (!pattern.test(err)) throw new Error(`the watcher exited (${exitCode}) before stderr matched ${pattern}:\n${err}`);
      }),
    async stop(signal = 'SIGTERM') {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `check` until it holds; rejects with `describe()` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
