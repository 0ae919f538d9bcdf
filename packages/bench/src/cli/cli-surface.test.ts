import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, helpText, parseCommand } from './args';
import { COMMANDS, COMPARE, PERF, SWEEP } from './commands';
import { ENV_FLAGS } from './env-flags';

const BIN = fileURLToPath(new URL('../../bin/mambabench.js', import.meta.url));
const DEFAULT = fileURLToPath(new URL('../../../../experiments/default.json', import.meta.url));
const execFileAsync = promisify(execFile);
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('the command line surface', () => {
  // One row per command: whatever a command is, these hold for it.
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: -h/--help, unknown flags and arguments, --json, env flags', (_, cmd) => {
    expect(parseCommand(cmd, ['-h'])).toBeNull();
    expect(parseCommand(cmd, ['--help'])).toBeNull();
    const help = helpText(cmd);
    expect(help).toContain('-h, --help');
    expect(help).toContain(`Exit codes: ${EXIT_CODES}`);
    expect(() => parseCommand(cmd, ['--no-such-flag'])).toThrow(/no-such-flag/);
    if (!cmd.positionals) expect(() => parseCommand(cmd, ['stray'])).toThrow(/stray/);
    else expect(help).toContain(cmd.positionals.metavar);
    // --json means one thing everywhere: print JSON instead of the human output.
    if (cmd.options.json) expect(cmd.options.json.type).toBe('boolean');
    for (const [name, o] of Object.entries(cmd.options)) {
      if (!o.hidden) expect(help).toContain(`--${name}`);
      if (o.env) expect(help).toContain(`[env ${o.env}]`);
    }
  });

  it('mambabench <command> -h prints the help and exits 0, for every command', async () => {
    // All at once: each is a process start, and they are independent.
    const results = await Promise.all(COMMANDS.map(async (c) => {
      const { stdout } = await execFileAsync(process.execPath, [BIN, c.name, '-h'], { encoding: 'utf8' });
      return [c.name, stdout.includes(`Usage: mambabench ${c.name}`)] as const; // a non-zero exit rejects
    }));
    expect(results).toEqual(COMMANDS.map((c) => [c.name, true]));
  });

  it('every env var a user sets has its flag, and a bad value in either is refused naming it', () => {
    for (const [name, o] of Object.entries(ENV_FLAGS)) expect(o.env).toBe(`MAMBABENCH_${name.replace(/-/g, '_').toUpperCase()}`);
    const saved = process.env.MAMBABENCH_THREADS;
    try {
      expect(parseCommand(SWEEP, ['--threads', '3'])?.threads).toBe('3');
      expect(process.env.MAMBABENCH_THREADS).toBe('3');
      expect(() => parseCommand(SWEEP, ['--threads', '0'])).toThrow(/--threads must be an integer >= 1, got "0"/);
      expect(() => parseCommand(SWEEP, ['--scan-kernel', 'gpu'])).toThrow(/--scan-kernel must be one of auto, wasm, js, got "gpu"/);
      expect(() => parseCommand(PERF, ['--heap-pool', 'maybe'])).toThrow(/--heap-pool must be on or off, got "maybe"/);
      process.env.MAMBABENCH_HEAP_POOL = 'yes please';
      expect(() => parseCommand(PERF, [])).toThrow(/MAMBABENCH_HEAP_POOL \(the environment's --heap-pool\) must be on or off, got "yes please"/);
      delete process.env.MAMBABENCH_HEAP_POOL;
      process.env.MAMBABENCH_THREADS = 'many';
      expect(() => parseCommand(PERF, [])).toThrow(/MAMBABENCH_THREADS \(the environment's --threads\) must be an integer >= 1, got "many"/);
    } finally {
      if (saved === undefined) delete process.env.MAMBABENCH_THREADS;
      else process.env.MAMBABENCH_THREADS = saved;
    }
  });

  it('keeps internal flags out of the help but accepts them', () => {
    expect(helpText(PERF)).not.toContain('in-process');
    expect(parseCommand(PERF, ['--in-process'])?.['in-process']).toBe(true);
  });

  it('takes positional arguments only where a command opts in, and names them in its help', () => {
    for (const cmd of COMMANDS.filter((c) => !c.positionals)) expect(() => parseCommand(cmd, ['stray'])).toThrow(/Unexpected argument 'stray'/);
    expect(parseCommand(COMPARE, ['a', '--out', 'c', 'b'])).toEqual({ out: 'c', _: ['a', 'b'] });
    expect(helpText(COMPARE)).toContain('Arguments:\n  <report dir>...  ');
    expect(parseCommand(SWEEP, ['optimizer.lr=1e-3,3e-4', '--jobs', '2', 'seeds=1,2'])?._).toEqual(['optimizer.lr=1e-3,3e-4', 'seeds=1,2']);
  });

  it('prints the version and the commit', () => {
    const r = cli('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^mambabench \d+\.\d+\.\d+ \(git ([0-9a-f]{12}( \(uncommitted changes\))?|unknown \(not a git checkout\))\)\n$/);
  });

  it('refuses --valid-fraction without --data instead of ignoring it, exit 2, nothing trained', () => {
    const r = cli('sweep', '--valid-fraction', '0.2');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--valid-fraction');
    expect(r.stderr).toContain('--data');
  });

  // Exit codes: 2 for a usage or input error (fix the command), 1 for anything else (look at the runs).
  it.each([
    ['an unknown command', ['no-such-command'], 2, /Unknown command "no-such-command"/],
    ['a bad flag value', ['sweep', '--experiment', DEFAULT, '--jobs', '0'], 2, /--jobs must be an integer >= 1, got "0"/],
    ['a bad setting', ['sweep', '--experiment', DEFAULT, 'optimizer.lr=-1', '--dry-run'], 2, /default\.json with optimizer\.lr=-1: field "optimizer\.lr" must be a number > 0/],
    ['a field set twice', ['sweep', '--experiment', DEFAULT, 'epochs=2', '--epochs', '3'], 2, /epochs is set twice on the command line \("epochs=2" and "--epochs 3"\)/],
    ['an argument a command takes none of', ['runs', 'reports'], 2, /Unexpected argument 'reports'/],
    ['an old flag name beside its new one', ['report', '--runs', 'a', '--out', 'b'], 2, /--runs is the old name of --out; give one of them/],
    ['a bad shard', ['sweep', '--experiment', DEFAULT, '--shard', '3/2'], 2, /--shard must be i\/n with 1 <= i <= n, got '3\/2'/],
    ['a missing experiment file', ['sweep', '--experiment', '/nonexistent/e.json'], 2, /\/nonexistent\/e\.json: field "\(file\)" does not exist/],
    ['a data folder that is not there', ['sweep', '--experiment', DEFAULT, '--data', '/nonexistent/images', '--dry-run'], 2, /^mambabench: data: .*\/nonexistent\/images/m],
    ['an output folder that cannot be written', ['sweep', '--experiment', DEFAULT, '--models', 'nnmamba3-scaled', '--epochs', '1', '--out', '/proc/version/report'], 2, /--out \/proc\/version\/report: cannot write the report and run store there/],
  ] as const)('%s exits 2 and says what to fix', (_, args, code, message) => {
    const r = cli(...args);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(code);
  });
});

