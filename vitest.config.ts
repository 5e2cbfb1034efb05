import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a browser or a platform fake; 1 s (the default) is short on a busy machine.
    expect: { poll: { timeout: 8_000 } },
    // Several suites start servers and child processes; two cores are the budget.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: 'forks',
  },
});
