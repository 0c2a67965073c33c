import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/helpers/postgres.js';

// The API suite also runs on PostgreSQL when its server binaries are here; CI always has them.
const withPostgres = Boolean(process.env.CI) || findPostgresBin() !== null;
if (!withPostgres) {
  process.stderr.write(
    '\n!!! PostgreSQL server binaries not found (apt-get install postgresql): the PostgreSQL run of the API suite and the multi-instance tests are SKIPPED.\n\n',
  );
}

/**
 * Three suites: pure logic (node), the API over real HTTP, and the shell in real Chromium.
 * The two cores of a CI machine are shared, so browser tests run one file at a time.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                name: 'api-pg',
                include: ['test/api/**/*.test.ts'],
                environment: 'node',
                env: { DEVSHELL_TEST_ENGINE: 'postgres' },
                globalSetup: ['test/api-pg-setup.ts'],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
            {
              // Several real server processes on one throwaway cluster per file (outages stop it),
              // one file at a time: each file runs two or three servers on two cores.
              test: {
                name: 'multi',
                include: ['test/multi/**/*.test.ts'],
                environment: 'node',
                fileParallelism: false,
                testTimeout: 60_000,
                hookTimeout: 90_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The real server in a child process, SIGKILLed under load (SQLite files in a temp dir).
        test: {
          name: 'crash',
          include: ['test/crash/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 150_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
