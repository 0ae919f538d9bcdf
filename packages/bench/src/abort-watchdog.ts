import type { ChildProcess } from 'node:child_process';

/** What tfjs-backend-wasm prints when its heap runs out or Emscripten aborts. */
const ABORT_MESSAGE = /Aborted\(|XNN status for \w+ is not successful/;

/**
 * With threads, a wasm abort (e.g. the 4 GiB heap running out inside an XNNPACK call) can leave
 * the child's main thread spinning forever on a lock the aborted thread held, instead of exiting.
 * Feed this the child's stderr: once an abort message appears, the child gets `graceMs` to exit
 * on its own and is then killed, so the caller records a failure instead of waiting forever.
 */
export function killAfterWasmAbort(child: ChildProcess, graceMs = 20_000): (stderrText: string) => void {
  let timer: NodeJS.Timeout | undefined;
  child.on('exit', () => clearTimeout(timer));
  return (text) => {
    if (timer || !ABORT_MESSAGE.test(text)) return;
    timer = setTimeout(() => {
      process.stderr.write(`(the wasm backend aborted and the process did not exit within ${graceMs / 1000} s: killed)\n`);
      child.kill('SIGKILL');
    }, graceMs);
    timer.unref();
  };
}
