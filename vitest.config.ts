import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One test configuration for every workspace package (vitest projects). A package's `test`
// script runs only its own project (`--project <folder name>`), so Nx still runs and caches each
// package's tests on their own; a new package under packages/ is picked up without a config file.
const packagesDir = fileURLToPath(new URL('./packages', import.meta.url));
const packages = readdirSync(packagesDir).filter((name) => existsSync(`${packagesDir}/${name}/package.json`));

export default defineConfig({
  test: {
    // Model tests train small networks on the wasm backend; 2-core machines need the margin.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tfjs backends and wasm heaps are per process: forks isolate them between test files.
    pool: 'forks',
    projects: packages.map((name) => ({
      extends: true,
      test: { name, root: `${packagesDir}/${name}`, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
    })),
  },
});
