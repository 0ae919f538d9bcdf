import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Why the sweep could not write its report and run store under `outDir`, or null when it can. */
export function outDirProblem(outDir: string): string | null {
  try {
    mkdirSync(join(outDir, 'runs'), { recursive: true });
    accessSync(join(outDir, 'runs'), constants.W_OK);
    return null;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return `--out ${outDir}: cannot write the report and run store there (${e.code ?? e.message}${e.path && e.path !== outDir ? ` at ${e.path}` : ''})`;
  }
}
