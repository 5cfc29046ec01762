/**
 * Two groups of tests. `unit` runs in-process on small inputs (no built binary, no corpora):
 * `npm run test:unit` runs them alone in well under a minute. `e2e` spawns the built CLI,
 * builds whole fixture repositories and the real corpora, packs and installs the package,
 * produces faults for real, starts servers (MCP, Redis) and watches real directories.
 *
 * Timeouts are set so each test's worst case on a 2-core machine running the suite stays under
 * a third of its limit; a test that needs more states its own limit next to its reason.
 */
import { defineConfig } from 'vitest/config';

/** The slowest unit test tags the TypeScript sample (grammar load and query compile): ~1 s of CPU. */
const UNIT_TIMEOUT_MS = 30_000;
/** One CLI run on a fixture takes 1–3 s; the heaviest e2e cases (damaged caches, concurrent
 * builds) run a handful of them, ~12 s of CPU. */
const E2E_TIMEOUT_MS = 120_000;

const E2E_FILES = ['test/cli/**/*.test.ts', 'test/session/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/faults/**/*.test.ts', 'test/mcp/**/*.test.ts', 'test/watch/**/*.test.ts'];

/**
 * Test files run three at a time: most e2e cases wait on child processes, servers and timers, so
 * on two cores a third file keeps the CPUs busy (vitest's default, cores - 1, ran them one by one).
 */
const TEST_FILES_AT_ONCE = 3;

/**
 * The test processes compile grammars as the CLI does (src/cli/v8-flags.ts): Liftoff only. With
 * V8's default tiering, tagging the 46 language samples one after another in one process spends
 * tens of seconds of CPU recompiling each grammar's lexer with TurboFan (one sample took 31 s
 * under load), which only a long-running process earns back.
 */
const TEST_NODE_FLAGS = ['--liftoff-only'];

export default defineConfig({
  test: {
    maxWorkers: TEST_FILES_AT_ONCE,
    execArgv: TEST_NODE_FLAGS,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: E2E_FILES,
          testTimeout: UNIT_TIMEOUT_MS,
          hookTimeout: UNIT_TIMEOUT_MS,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: E2E_FILES,
          testTimeout: E2E_TIMEOUT_MS,
          hookTimeout: E2E_TIMEOUT_MS,
        },
      },
    ],
  },
});
