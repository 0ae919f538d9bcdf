import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killAfterWasmAbort, killWhenSilent, stallMinutes } from './abort-watchdog';

/**
 * The CLI script children run with this node. MAMBABENCH_CLI overrides it: the single-file bundle
 * (tools/webgpu/device-pack.sh) has no bin/ beside it and no tsx, so its runs set it to the bundle.
 */
const BIN = process.env.MAMBABENCH_CLI || fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));

/**
 * Runs `mambabench <args>` as a child process (a sweep's runs, perf's models): stdout passes
 * through, stderr is echoed (an Emscripten abort dump, which is its whole minified glue, cut
 * short) and its tail kept for the error message; a child whose wasm backend aborted and left it
 * spinning, or that printed nothing for MAMBABENCH_STALL_MINUTES (default 30), is killed (see
 * abort-watchdog.ts). Resolves with the exit code, -1 for a signal. `stop` aborted: the child gets SIGTERM.
 */
export async function runMambabenchChild(args: string[], env: NodeJS.ProcessEnv = process.env, stop?: AbortSignal): Promise<{ code: number | null; stderrTail: string }> {
  // A perf child prints only when done: one that needs longer than the limit (a slow backend,
  // a huge model) needs MAMBABENCH_STALL_MINUTES raised; the kill message says so.
  const silenceMs = stallMinutes(env) * 60_000;
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  // A stop of the parent (its SIGINT / SIGTERM) reaches the child as one SIGTERM: it finishes its
  // step and checkpoints. Sent also when the terminal's Ctrl-C reached it already: a run counts
  // only repeated SIGINTs as "exit at once".
  const forwardStop = () => child.kill('SIGTERM');
  if (stop?.aborted) forwardStop(); else stop?.addEventListener('abort', forwardStop, { once: true });
  child.on('exit', () => stop?.removeEventListener('abort', forwardStop));
  let stderrTail = '';
  // The watchdogs' own notes go into the tail too, so the recorded failure says why it was killed.
  const note = (message: string) => {
    process.stderr.write(message + '\n');
    stderrTail = (stderrTail + message + '\n').slice(-4000);
  };
  const watchdog = killAfterWasmAbort(child, 20_000, note);
  const alive = killWhenSilent(child, silenceMs, note);
  child.stdout.on('data', (chunk: Buffer) => {
    alive();
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    alive();
    watchdog(text);
    process.stderr.write(text.length > 2000 ? `${text.slice(0, 300)} ...\n` : text);
    stderrTail = (stderrTail + text).slice(-4000);
  });
  const code: number | null = await new Promise((resolve) => child.on('close', (c, signal) => resolve(signal ? -1 : c)));
  return { code, stderrTail };
}
