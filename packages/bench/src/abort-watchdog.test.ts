import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { killAfterWasmAbort, killWhenSilent, stallMinutes } from './abort-watchdog';

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

function silentChild(script: string, silenceMs: number) {
  const c = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const alive = killWhenSilent(c, silenceMs);
  c.stdout.on('data', () => alive());
  return new Promise<{ code: number | null; signal: string | null }>((resolve) => c.on('close', (code, signal) => resolve({ code, signal })));
}

describe('killWhenSilent', () => {
  it('kills a child that prints nothing for the limit', async () => {
    expect((await silentChild("console.log('started'); setInterval(() => {}, 1000)", 400)).signal).toBe('SIGKILL');
  });

  it('leaves a child alone while it keeps printing, and when disabled', async () => {
    // 2 s of work, a line every 100 ms: twice the 1 s limit, never silent for long (slack for a loaded machine).
    const busy = "let n = 0; const t = setInterval(() => { console.log(n++); if (n === 20) { clearInterval(t); process.exit(0); } }, 100)";
    expect(await silentChild(busy, 1000)).toEqual({ code: 0, signal: null });
    expect(await silentChild('setTimeout(() => process.exit(0), 600)', 0)).toEqual({ code: 0, signal: null });
  });

  it('reads its limit from MAMBABENCH_STALL_MINUTES and rejects nonsense', () => {
    expect(stallMinutes({})).toBe(30);
    expect(stallMinutes({ MAMBABENCH_STALL_MINUTES: '0' })).toBe(0);
    expect(stallMinutes({ MAMBABENCH_STALL_MINUTES: '2.5' })).toBe(2.5);
    expect(() => stallMinutes({ MAMBABENCH_STALL_MINUTES: 'soon' })).toThrow(/MAMBABENCH_STALL_MINUTES.*"soon"/);
  });
});
