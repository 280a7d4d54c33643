import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
          // Property tests, WASM speech synthesis and isolates are CPU-heavy; on a 2-core machine running test files
          // in parallel they can take several seconds. Generous limits keep the suite from flaking under load.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Integration tests start real server processes; keep them from starving each other on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
