import { defineConfig } from 'vitest/config';

/**
 * Three projects. `unit` (domain rules and other pure code) and `fast` (handlers with mocked AWS
 * clients, infra synthesis, the web apps' code) need nothing running; `runtime` (integration and
 * end-to-end) shares ONE local runtime, started by test/support/runtime-global-setup.ts exactly
 * as `npm start` starts it. Unit test files share their worker's modules (no isolation): they
 * mock nothing and set no environment, and importing the domain afresh for each of them was
 * four fifths of their time (105 s against 24 s for 120 files). Handler tests keep isolation:
 * they mock the SDK clients and some set environment variables that modules read at import.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/handler-environment.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/handler/**/*.test.ts', 'test/infra/**/*.test.ts', 'web/test/**/*.test.ts'],
          setupFiles: ['test/support/handler-environment.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'runtime',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/support/runtime-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // Two files at a time on our 2-core machines, not vitest's default of cores − 1: the runtime's
    // tests spend most of their time waiting on the runtime (billing runs, sagas, a browser), so a
    // second file overlaps those waits. Measured: the whole run went from 731 s to 529 s, all
    // passing.
    maxWorkers: 2,
  },
});
