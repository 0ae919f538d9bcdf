import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helpText, parseCommand } from './args';
import { COMMANDS, COMPARE, PERF } from './commands';

const BIN = fileURLToPath(new URL('../../bin/mambabench.js', import.meta.url));
const DEFAULT = fileURLToPath(new URL('../../../../experiments/default.json', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('the command line surface', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: -h and --help both ask for help, and the help names -h', (_, cmd) => {
    expect(parseCommand(cmd, ['-h'])).toBeNull();
    expect(parseCommand(cmd, ['--help'])).toBeNull();
    expect(helpText(cmd)).toContain('-h, --help');
    expect(() => parseCommand(cmd, ['--no-such-flag'])).toThrow(/no-such-flag/);
  });

  it('keeps internal flags out of the help but accepts them', () => {
    expect(helpText(PERF)).not.toContain('in-process');
    expect(parseCommand(PERF, ['--in-process'])?.['in-process']).toBe(true);
  });

  it('takes positional arguments only where a command opts in, and names them in its help', () => {
    for (const cmd of COMMANDS.filter((c) => !c.positionals)) expect(() => parseCommand(cmd, ['stray'])).toThrow(/Unexpected argument 'stray'/);
    expect(parseCommand(COMPARE, ['a', '--out', 'c', 'b'])).toEqual({ out: 'c', inputs: ['a', 'b'] });
    expect(helpText(COMPARE)).toContain('Arguments:\n  <report dir>...  ');
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

