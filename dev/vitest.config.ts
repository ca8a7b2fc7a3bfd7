import { defineConfig } from 'vitest/config';

// The kernel harnesses under dev/: run one with `npx vitest run --config dev/vitest.config.ts dev/wide`.
// They print timings and are not tests (npm test never runs them).
export default defineConfig({
  test: {
    include: ['dev/**/*.dev.ts'],
    setupFiles: ['test/setup/private_cache.ts'],
    pool: 'forks',
    testTimeout: 600_000,
  },
});
