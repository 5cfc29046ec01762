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

export default defineConfig({
  test: {
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
