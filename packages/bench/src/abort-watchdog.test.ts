import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { killAfterWasmAbort } from './abort-watchdog';

function child(script: string) {
  const c = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  const watchdog = killAfterWasmAbort(c, 300);
  c.stderr.on('data', (b: Buffer) => watchdog(b.toString()));
  return new Promise<{ code: number | null; signal: string | null }>((resolve) => c.on('close', (code, signal) => resolve({ code, signal })));
}

describe('killAfterWasmAbort', () => {
  it('kills a child that hangs after printing a wasm abort', async () => {
    const r = await child("console.error('Aborted(). Build with -sASSERTIONS'); setInterval(() => {}, 1000)");
    expect(r.signal).toBe('SIGKILL');
  });

  it('leaves children that exit, or print no abort, alone', async () => {
    expect(await child("console.error('XNN status for xnn_create_fully_connected_nc_f32 is not successful'); process.exit(3)")).toEqual({ code: 3, signal: null });
    expect(await child("console.error('a warning'); setTimeout(() => process.exit(0), 600)")).toEqual({ code: 0, signal: null });
  });
});
