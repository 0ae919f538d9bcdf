import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root: the nearest ancestor of this package whose package.json has workspaces. */
export function workspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).workspaces) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Could not find the mambabench workspace root (a package.json with "workspaces")');
    dir = parent;
  }
}

/**
 * Where relative paths given on the command line are resolved. Nx runs targets inside the
 * project folder, so under `nx run bench:sweep -- --experiment experiments/x.json` paths are taken
 * from the workspace root (as the README writes them); a direct `npx mambabench` uses the cwd.
 */
export function userPath(p: string): string {
  if (isAbsolute(p)) return p;
  const base = process.env.NX_TASK_TARGET_PROJECT ? process.env.NX_WORKSPACE_ROOT ?? workspaceRoot() : process.cwd();
  return resolve(base, p);
}
