import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killAfterWasmAbort } from './abort-watchdog';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));

/**
 * Runs `mambabench <args>` as a child process (a sweep's runs, perf's models): stdout passes
 * through, stderr is echoed (an Emscripten abort dump, which is its whole minified glue, cut
 * short) and its tail kept for the error message; a child whose wasm backend aborted and left it
 * spinning is killed (see abort-watchdog.ts). Resolves with the exit code, -1 for a signal.
 */
export async function runMambabenchChild(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stderrTail: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'inherit', 'pipe'], env });
  let stderrTail = '';
  const watchdog = killAfterWasmAbort(child);
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    watchdog(text);
    process.stderr.write(text.length > 2000 ? `${text.slice(0, 300)} ...\n` : text);
    stderrTail = (stderrTail + text).slice(-4000);
  });
  const code: number | null = await new Promise((resolve) => child.on('close', (c, signal) => resolve(signal ? -1 : c)));
  return { code, stderrTail };
}
