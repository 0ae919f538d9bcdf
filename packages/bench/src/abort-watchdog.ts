import type { ChildProcess } from 'node:child_process';

const writeNote = (message: string) => void process.stderr.write(message + '\n');

/** What tfjs-backend-wasm prints when its heap runs out or Emscripten aborts. */
const ABORT_MESSAGE = /Aborted\(|XNN status for \w+ is not successful/;

/**
 * With threads, a wasm abort (e.g. the 4 GiB heap running out inside an XNNPACK call) can leave
 * the child's main thread spinning forever on a lock the aborted thread held, instead of exiting.
 * Feed this the child's stderr: once an abort message appears, the child gets `graceMs` to exit
 * on its own and is then killed, so the caller records a failure instead of waiting forever.
 */
export function killAfterWasmAbort(child: ChildProcess, graceMs = 20_000, note: (message: string) => void = writeNote): (stderrText: string) => void {
  let timer: NodeJS.Timeout | undefined;
  child.on('exit', () => clearTimeout(timer));
  return (text) => {
    if (timer || !ABORT_MESSAGE.test(text)) return;
    timer = setTimeout(() => {
      note(`(the wasm backend aborted and the process did not exit within ${graceMs / 1000} s: killed)`);
      child.kill('SIGKILL');
    }, graceMs);
    timer.unref();
  };
}

/** Minutes without any output after which a child is presumed hung; MAMBABENCH_STALL_MINUTES overrides, 0 turns it off. */
export function stallMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MAMBABENCH_STALL_MINUTES;
  if (raw === undefined || raw === '') return 30;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0) throw new Error(`MAMBABENCH_STALL_MINUTES must be a number of minutes >= 0, got "${raw}"`);
  return minutes;
}

/**
 * The silent variant of the hang above: a wasm heap that reaches 4 GiB inside some calls spins
 * without printing anything (seen with vmamba-vanilla-tiny at batch 32). A training child prints
 * a progress line at least every few seconds while it steps, so `silenceMs` with no output at all
 * means it is stuck: it is killed and the caller records a failure that says so. Call the
 * returned function on every chunk of output; silenceMs 0 disables the watchdog.
 */
export function killWhenSilent(child: ChildProcess, silenceMs: number, note: (message: string) => void = writeNote): () => void {
  if (silenceMs <= 0) return () => {};
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      note(`(no output for ${formatSilence(silenceMs)}: presumed hung, e.g. a wasm heap that ran out without an error; killed. MAMBABENCH_STALL_MINUTES sets the limit)`);
      child.kill('SIGKILL');
    }, silenceMs);
    timer.unref();
  };
  child.on('exit', () => clearTimeout(timer));
  arm();
  return arm;
}

function formatSilence(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(ms % 60_000 ? 1 : 0)} min` : `${(ms / 1000).toFixed(1)} s`;
}
