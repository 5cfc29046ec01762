/**
 * How V8 compiles the grammars' WebAssembly: the one home of that choice.
 *
 * A short-lived CLI process starts with Liftoff only (V8's baseline compiler, no tier-up to
 * TurboFan). A grammar's lexer is one huge function; with V8's default dynamic tiering its hot
 * functions are recompiled by TurboFan in the background, which across many languages with a
 * few files each costs far more CPU than faster parsing returns (this repository's sources with
 * every language fixture: 10.7 s of CPU with Liftoff only against more than 80 s with tiering;
 * see BENCHMARKS.md).
 *
 * A cold build that parses many megabytes of one language is the other way round: Liftoff code
 * parses ~1.5× slower, and the tier-up compile is paid once per grammar. So before parse workers
 * start, `tierUpForWorkload` turns tiering back on when one language has enough bytes to earn it.
 * V8 flags are process-wide and read when code is compiled, so the workers started afterwards
 * compile with tiering; the main thread parses nothing on such a build.
 *
 * Every command starts that way, the long-running `watch` and `mcp` included: their first map is
 * a cold build like any other, and with V8's defaults a polyglot repository paid for it dearly
 * (`watch` on the 46 language samples: 78 s of CPU before the first map, against ~5 s). Their
 * later parses are one edited file at a time, where Liftoff code costs milliseconds. A library
 * caller keeps V8's defaults: nothing here changes a flag this module did not set.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Bytes of one language to parse from which TurboFan's compile pays for itself. Measured on the
 * Go standard library (33 MB): see BENCHMARKS.md.
 */
export const TIER_UP_MIN_LANGUAGE_BYTES = 16 * 1024 * 1024;

let liftoffOnly = false;

/** Called by the CLI at start, before any grammar is compiled. */
export function applyCliWasmTiering(): void {
  setFlagsFromString('--liftoff-only');
  liftoffOnly = true;
}

/** Whether a workload of these bytes per language is parsed faster with tiering. */
export function wantsTierUp(bytesByLanguage: ReadonlyMap<string, number>): boolean {
  for (const bytes of bytesByLanguage.values()) if (bytes >= TIER_UP_MIN_LANGUAGE_BYTES) return true;
  return false;
}

/**
 * Re-enables tiering (when this module had turned it off) for a workload that earns it; call it
 * before starting the threads that will parse. Returns whether tiering is on afterwards.
 */
export function tierUpForWorkload(bytesByLanguage: ReadonlyMap<string, number>): boolean {
  if (liftoffOnly && wantsTierUp(bytesByLanguage)) {
    // `--liftoff-only` also turned dynamic tiering off (a flag implication): both come back.
    setFlagsFromString('--no-liftoff-only');
    setFlagsFromString('--wasm-dynamic-tiering');
    liftoffOnly = false;
  }
  return !liftoffOnly;
}
