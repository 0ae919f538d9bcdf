import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forwardOutput } from '../child-process';
import { SweepProgress, autoMode } from './progress-view';

/** A stream that keeps each write as it came. */
function capture(extra: { isTTY?: boolean; columns?: number } = {}) {
  const writes: string[] = [];
  const stream = Object.assign(new Writable({ write(chunk, _enc, done) { writes.push(String(chunk)); done(); } }), extra);
  return { stream, writes };
}

/** A stand-in for a run process: prints its lines in pieces cut mid-line, a moment apart, and sends progress as a run does. */
function fakeRun(name: string) {
  const script = `
    const pieces = ['${name} | epoch 1/1 st', 'ep 1/2 | loss 0.5000 | 1.0 img/s | ETA 1s\\n${name} | a backend', ' warning\\n', 'no newline at the end'];
    process.send({ 'mambabench-progress': { type: 'step', epoch: 1, epochs: 1, step: 1, steps: 2, loss: 0.5, imagesPerS: 1, etaS: 1 } });
    process.stderr.write('warn');
    let i = 0;
    const next = () => { process.stdout.write(pieces[i++]); if (i < pieces.length) setTimeout(next, 15); else process.stderr.write('ing\\n'); };
    next();`;
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
}

describe('SweepProgress, plain', () => {
  it('two concurrent runs: every line whole (written at once) and prefixed with its run', async () => {
    const out = capture();
    const err = capture();
    const logged: string[] = [];
    const view = new SweepProgress({ mode: 'plain', log: (l) => logged.push(l), stdout: out.stream, stderr: err.stream });
    view.start([{ label: 'run 1/2', runId: 'a__s1', steps: 2 }, { label: 'run 2/2', runId: 'b__s1', steps: 2 }], 2);
    const runs = [['run 1/2', 'a__s1'], ['run 2/2', 'b__s1']].map(([label, id]) => {
      const child = fakeRun(`${label} ${id}`);
      const lines = forwardOutput(child, view.runStarted(label, id));
      return new Promise<void>((resolve) => child.on('close', () => { lines.flush(); resolve(); }));
    });
    await Promise.all(runs);
    for (const w of [...out.writes, ...err.writes]) expect(w).toMatch(/^run [12]\/2 [ab]__s1 [^\n]*\n$/);
    for (const [label, id] of [['run 1/2', 'a__s1'], ['run 2/2', 'b__s1']]) {
      const p = `${label} ${id}`;
      expect(out.writes.filter((w) => w.startsWith(p))).toEqual([
        `${p} | epoch 1/1 step 1/2 | loss 0.5000 | 1.0 img/s | ETA 1s\n`, // its own prefix is not doubled
        `${p} | a backend warning\n`,
        `${p} | no newline at the end\n`,
      ]);
      expect(err.writes.filter((w) => w.startsWith(p))).toEqual([`${p} | warning\n`]);
    }
    expect(logged).toEqual([]); // the sweep's lines come when runs end
  });

  it("a line that names its run already (the run's own lines and errors) is not prefixed twice", () => {
    const out = capture();
    const err = capture();
    const view = new SweepProgress({ mode: 'plain', log: () => {}, stdout: out.stream, stderr: err.stream });
    const run = view.runStarted('run 1/2', 'a__s1');
    run.stdoutLine('run 1/2 a__s1 | epoch 1/2 | lr 1e-3');
    run.stderrLine('run 1/2 a__s1: failed: Error: boom');
    run.stderrLine('run 1/2 a__s10 | not its own');
    expect(out.writes).toEqual(['run 1/2 a__s1 | epoch 1/2 | lr 1e-3\n']);
    expect(err.writes).toEqual(['run 1/2 a__s1: failed: Error: boom\n', 'run 1/2 a__s1 | run 1/2 a__s10 | not its own\n']);
  });

  it('a sweep line when a run ends: done, failed, cached and the ETA from the measured steps', () => {
    let now = 0;
    const logged: string[] = [];
    const view = new SweepProgress({ mode: 'plain', log: (l) => logged.push(l), stdout: capture().stream, now: () => now });
    const runs = ['a', 'b', 'c', 'd'].map((id, i) => ({ label: `run ${i + 1}/4`, runId: `${id}__s1`, steps: 10 }));
    view.start(runs, 1);
    view.runSkipped('run 1/4', 'cached');
    const out = view.runStarted('run 2/4', 'b__s1');
    const step = (s: number) => out.message!({ 'mambabench-progress': { type: 'step', epoch: 1, epochs: 1, step: s, steps: 10, loss: 1, imagesPerS: 8, etaS: 0 } });
    now = 3000;
    step(1);
    now = 30_000;
    step(10);
    view.runEnded('run 2/4', 'ok'); // 30 s for 10 steps: 3 s a step; 2 runs of 10 steps left, one job
    expect(logged).toEqual(['sweep | 2/4 done, 0 failed, 1 cached | elapsed 30s | ETA 1m00s']);
    view.runStarted('run 3/4', 'c__s1');
    now = 31_000;
    view.runEnded('run 3/4', 'failed'); // no step taken: the rate stays 3 s a step
    expect(logged[1]).toBe('sweep | 3/4 done, 1 failed, 1 cached | elapsed 31s | ETA 30s');
  });
});

describe('SweepProgress frame (what a terminal shows)', () => {
  it('a line per active run with its last step and valid accuracy, then the sweep line; cut to the width', () => {
    let now = 1000;
    const view = new SweepProgress({ mode: 'plain', log: () => {}, stdout: capture().stream, now: () => now });
    view.start([{ label: 'run 1/3', runId: 'vim-tiny__s1', steps: 8 }, { label: 'run 2/3', runId: 'vim-tiny__s2', steps: 8 }, { label: 'run 3/3', runId: 'vim-tiny__s3', steps: 8 }], 2);
    const one = view.runStarted('run 1/3', 'vim-tiny__s1');
    view.runStarted('run 2/3', 'vim-tiny__s2');
    now = 3000;
    one.message!({ 'mambabench-progress': { type: 'step', epoch: 1, epochs: 2, step: 1, steps: 4, loss: 0.69312, imagesPerS: 12.34, etaS: 75 } });
    one.message!({ 'mambabench-progress': { type: 'epoch', epoch: 1, epochs: 2, trainLoss: 0.7, validLoss: 0.6, validAcc: 0.625, best: true } });
    one.message!({ other: 'not a progress event' });
    now = 11_000;
    one.message!({ 'mambabench-progress': { type: 'step', epoch: 2, epochs: 2, step: 1, steps: 4, loss: 0.5, imagesPerS: 10, etaS: 30 } });
    // run 1: 10 s for its 5 steps (its first step was its process's first) = 2 s a step;
    // left: 3 of run 1, 8 of run 2, 8 of run 3 = 19 steps, on 2 jobs: 19 s
    expect(view.frame(200)).toBe([
      'run 1/3 vim-tiny__s1 | epoch 2/2 step 1/4 | loss 0.5000 | 10.0 img/s | ETA 30s | valid 62.50%',
      'run 2/3 vim-tiny__s2 | starting',
      'sweep | 0/3 done, 0 failed, 0 cached | elapsed 10s | ETA 19s',
    ].join('\n'));
    expect(view.frame(20).split('\n')).toEqual(['run 1/3 vim-tiny__s', 'run 2/3 vim-tiny__s', 'sweep | 0/3 done, 0']);
  });

  it('in a terminal: the sweep\'s and runs\' lines above the block, step lines only in it, the last sweep line when it closes', () => {
    const out = capture({ isTTY: true, columns: 120 });
    const view = new SweepProgress({ mode: 'tty', log: (l) => out.stream.write(l + '\n'), stdout: out.stream, stderr: out.stream, now: () => 0 });
    view.start([{ label: 'run 1/1', runId: 'a__s1', steps: 2 }], 1);
    const run = view.runStarted('run 1/1', 'a__s1');
    run.stdoutLine('run 1/1 a__s1 | epoch 1/1 step 1/2 | loss 0.5000 | 1.0 img/s | ETA 1s');
    run.stdoutLine('run 1/1 a__s1 | epoch 1/1 | lr 1e-3 | valid acc 50.00%');
    view.log('run 1/1 a__s1: kept');
    view.runEnded('run 1/1', 'ok');
    view.close();
    // eslint-disable-next-line no-control-regex
    const text = out.writes.join('').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(text).toContain('run 1/1 a__s1 | epoch 1/1 | lr 1e-3 | valid acc 50.00%\n');
    expect(text).toContain('run 1/1 a__s1: kept\n');
    expect(text).not.toContain('step 1/2 | loss'); // that run's line in the block shows the events, none came
    expect(text).toContain('run 1/1 a__s1 | starting');
    expect(text.endsWith('sweep | 1/1 done, 0 failed, 0 cached | elapsed 0s | ETA 0s\n')).toBe(true);
  });
});

describe('autoMode', () => {
  it('the live block only on a terminal, without CI, TERM=dumb, NO_COLOR or a caller taking the lines', () => {
    expect(autoMode({ isTTY: true }, {}, false)).toBe('tty');
    expect(autoMode({ isTTY: false }, {}, false)).toBe('plain');
    expect(autoMode({}, {}, false)).toBe('plain');
    expect(autoMode({ isTTY: true }, { CI: 'true' }, false)).toBe('plain');
    expect(autoMode({ isTTY: true }, { TERM: 'dumb' }, false)).toBe('plain');
    expect(autoMode({ isTTY: true }, { NO_COLOR: '1' }, false)).toBe('plain');
    expect(autoMode({ isTTY: true }, { NO_COLOR: '' }, false)).toBe('tty'); // no-color.org: set and not empty
    expect(autoMode({ isTTY: true }, {}, true)).toBe('plain');
  });
});
