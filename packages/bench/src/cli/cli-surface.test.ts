import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helpText, parseCommand } from './args';
import { COMMANDS, PERF } from './commands';

const BIN = fileURLToPath(new URL('../../bin/mambabench.js', import.meta.url));
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
});
