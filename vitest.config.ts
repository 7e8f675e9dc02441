import { defineConfig } from 'vitest/config';

/**
 * Two projects: `fast` (domain, handlers with mocked AWS clients, infra synthesis) needs
 * nothing running; `runtime` (integration and end-to-end) shares ONE local runtime, started
 * by test/support/runtime-global-setup.ts exactly as `npm start` starts it.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/unit/**/*.test.ts', 'test/handler/**/*.test.ts', 'test/infra/**/*.test.ts', 'web/test/**/*.test.ts'],
          setupFiles: ['test/support/handler-environment.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'runtime',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/runtime-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
