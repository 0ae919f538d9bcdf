import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killAfterWasmAbort, killWhenSilent, stallMinutes } from './abort-watchdog';
import { lineBuffer } from './line-buffer';
import { PROGRESS_CHANNEL_ENV } from './run/progress-events';

/**
 * The CLI script children run with this node. MAMBABENCH_CLI overrides it: the single-file bundle
 * (tools/webgpu/device-pack.sh) has no bin/ beside it and no tsx, so its runs set it to the bundle.
 */
const BIN = process.env.MAMBABENCH_CLI || fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));

/** Where a child's output goes: whole lines (never a piece of one) and its IPC messages. */
export interface ChildOutput {
  stdoutLine(line: string): void;
  /** Also the watchdogs' notes on why they killed the child. */
  stderrLine(line: string): void;
  message?(message: unknown): void;
}

/** This process's own stdout and stderr. */
export const PASS_THROUGH: ChildOutput = {
  stdoutLine: (line) => void process.stdout.write(line + '\n'),
  stderrLine: (line) => void process.stderr.write(line + '\n'),
};

/**
 * Runs `mambabench <args>` as a child process (a sweep's runs, perf's models): its stdout and
 * stderr go to `output` line by line (stderr's lines echoed, an Emscripten abort dump, which is its
 * whole minified glue, cut short), its IPC messages (a run's progress events) to output.message,
 * and stderr's tail is kept for the error message; a child whose wasm backend aborted and left it
 * spinning, or that printed and sent nothing for MAMBABENCH_STALL_MINUTES (default 30), is killed
 * (see abort-watchdog.ts). Resolves with the exit code, -1 for a signal. `stop` aborted: the child gets SIGTERM.
 */
export async function runMambabenchChild(args: string[], env: NodeJS.ProcessEnv = process.env, stop?: AbortSignal, output: ChildOutput = PASS_THROUGH): Promise<{ code: number | null; stderrTail: string }> {
  // A perf child prints only when done: one that needs longer than the limit (a slow backend,
  // a huge model) needs MAMBABENCH_STALL_MINUTES raised; the kill message says so.
  const silenceMs = stallMinutes(env) * 60_000;
  // An IPC channel only for a caller that reads the messages (a sweep's progress view).
  const listens = output.message !== undefined;
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', ...(listens ? ['ipc' as const] : [])],
    env: listens ? { ...env, [PROGRESS_CHANNEL_ENV]: 'ipc' } : env,
  });
  // A stop of the parent (its SIGINT / SIGTERM) reaches the child as one SIGTERM: it finishes its
  // step and checkpoints. Sent also when the terminal's Ctrl-C reached it already: a run counts
  // only repeated SIGINTs as "exit at once".
  const forwardStop = () => child.kill('SIGTERM');
  if (stop?.aborted) forwardStop(); else stop?.addEventListener('abort', forwardStop, { once: true });
  child.on('exit', () => stop?.removeEventListener('abort', forwardStop));
  let stderrTail = '';
  // The watchdogs' own notes go into the tail too, so the recorded failure says why it was killed.
  const note = (message: string) => {
    output.stderrLine(message);
    stderrTail = (stderrTail + message + '\n').slice(-4000);
  };
  const watchdog = killAfterWasmAbort(child, 20_000, note);
  const alive = killWhenSilent(child, silenceMs, note);
  const lines = forwardOutput(child, output, (stream, text) => {
    alive();
    if (stream === 'stderr') {
      watchdog(text);
      stderrTail = (stderrTail + text).slice(-4000);
    }
  });
  const code: number | null = await new Promise((resolve) => child.on('close', (c, signal) => resolve(signal ? -1 : c)));
  lines.flush();
  return { code, stderrTail };
}

/**
 * Hands a child's stdout and stderr to `output` as whole lines (stderr lines over 2000 characters
 * cut short) and its IPC messages to output.message; `onActivity` sees every chunk and message as
 * it comes (the watchdogs, the stderr tail). flush() hands over unterminated last lines once the child closed.
 */
export function forwardOutput(child: ChildProcess, output: ChildOutput, onActivity: (stream: 'stdout' | 'stderr' | 'ipc', text: string) => void = () => {}): { flush(): void } {
  const stdoutLines = lineBuffer((line) => output.stdoutLine(line));
  const stderrLines = lineBuffer((line) => output.stderrLine(line.length > 2000 ? `${line.slice(0, 300)} ...` : line));
  // Decoded by the streams, so a character split between two chunks stays whole.
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    onActivity('stdout', text);
    stdoutLines.push(text);
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    onActivity('stderr', text);
    stderrLines.push(text);
  });
  child.on('message', (message) => {
    onActivity('ipc', '');
    output.message?.(message);
  });
  return {
    flush() {
      stdoutLines.flush();
      stderrLines.flush();
    },
  };
}
