import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A stand-in for the CLI: the script's behaviour is chosen by its first argument.
const script = join(mkdtempSync(join(tmpdir(), 'mb-child-')), 'fake-cli.mjs');
writeFileSync(script, `
const mode = process.argv[2];
if (mode === 'lines') {
  process.stdout.write('one\\ntw');
  setTimeout(() => { process.stdout.write('o\\n'); process.stderr.write('an err'); }, 50);
  setTimeout(() => { process.stderr.write('or\\nlast'); process.send({ channel: process.env.MAMBABENCH_PROGRESS_CHANNEL }); }, 100);
}
if (mode === 'reports') { // no output, only IPC messages, for longer than the stall limit
  let n = 0;
  const t = setInterval(() => { process.send({ n: n++ }); if (n === 12) { clearInterval(t); process.exit(0); } }, 100);
}
if (mode === 'silent') setInterval(() => {}, 1000);
// One string: console.log would colour a bare undefined where FORCE_COLOR is set (as under Nx).
if (mode === 'channel') console.log(String(typeof process.send) + ' ' + String(process.env.MAMBABENCH_PROGRESS_CHANNEL));
`);
process.env.MAMBABENCH_CLI = script;
const { runMambabenchChild } = await import('./child-process');

function collect() {
  const got = { out: [] as string[], err: [] as string[], messages: [] as unknown[] };
  return { got, output: { stdoutLine: (l: string) => got.out.push(l), stderrLine: (l: string) => got.err.push(l), message: (m: unknown) => got.messages.push(m) } };
}

describe('runMambabenchChild', () => {
  it('hands over whole lines and IPC messages, and keeps the stderr tail as it came', async () => {
    const { got, output } = collect();
    const r = await runMambabenchChild(['lines'], process.env, undefined, output);
    expect(r.code).toBe(0);
    expect(got).toEqual({ out: ['one', 'two'], err: ['an error', 'last'], messages: [{ channel: 'ipc' }] });
    expect(r.stderrTail).toBe('an error\nlast');
  });

  it('no IPC channel for a caller that takes no messages (perf)', async () => {
    const { got, output } = collect();
    await runMambabenchChild(['channel'], process.env, undefined, { stdoutLine: output.stdoutLine, stderrLine: output.stderrLine });
    expect(got.out).toEqual(['undefined undefined']);
  });

  it('progress messages count as activity for the stall watchdog; silence does not', async () => {
    const env = { ...process.env, MAMBABENCH_STALL_MINUTES: String(0.5 / 60) }; // 0.5 s
    const reporting = collect();
    expect((await runMambabenchChild(['reports'], env, undefined, reporting.output)).code).toBe(0); // 1.2 s of messages only
    expect(reporting.got.messages).toHaveLength(12);
    const silent = collect();
    const r = await runMambabenchChild(['silent'], env, undefined, silent.output);
    expect(r.code).toBe(-1);
    expect(r.stderrTail).toMatch(/no output for 0\.5 s: presumed hung/);
    expect(silent.got.err.join('\n')).toMatch(/presumed hung/);
  });
});
