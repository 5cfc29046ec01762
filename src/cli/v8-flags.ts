/**
 * V8 flags for a short-lived CLI process, set before any grammar is compiled. V8 flags are
 * process-wide, so the tags worker threads get them too. A library caller and the long-running
 * commands (`watch`, `mcp`), which parse the same grammars again and again, keep V8's defaults.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Compile WebAssembly with Liftoff (the baseline compiler) only, never tier up to TurboFan.
 * By default V8 recompiles a grammar's hot functions with TurboFan in the background; a
 * grammar's lexer is one huge function, so across many languages the tier-up compiles cost
 * far more CPU than they save in a run that parses each grammar's files once. Measured on
 * this repository's sources with every language fixture (`build --no-cache`, 2 shared cores):
 * 10.7 s of CPU with Liftoff only against more than 80 s (not finished) with the default
 * tiering; see BENCHMARKS.md.
 */
const CLI_V8_FLAGS = ['--liftoff-only'];

/** Commands that keep running and profit from optimized grammar code. */
const LONG_RUNNING_COMMANDS = new Set(['watch', 'mcp']);

/** `args` are the command-line arguments after the program name. */
export function applyCliV8Flags(args: readonly string[]): void {
  const command = args.find((arg) => !arg.startsWith('-'));
  if (command !== undefined && LONG_RUNNING_COMMANDS.has(command)) return;
  for (const flag of CLI_V8_FLAGS) setFlagsFromString(flag);
}
