import { parseArgs } from 'node:util';
import { BACKENDS, type BackendChoice } from '@mambabench/core';
import { InputError } from '../input-error';
import { applyEnvFlags } from './env-flags';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  default?: string | boolean;
  metavar?: string;
  /** Internal flags (one process asking another) work but stay out of the help. */
  hidden?: boolean;
  /** A string flag that may be given several times; its value is then a list. */
  multiple?: boolean;
  /** The environment variable this flag stands for (env-flags.ts): the help names it. */
  env?: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Arguments without a flag (sweep's key=value settings, compare's folders); none when absent. */
  positionals?: { metavar: string; description: string };
}

/** What every command's exit status means (the README's table says the same). */
export const EXIT_CODES = '0 ok; 1 a run (or a report, or a timed model) did not finish; 2 a usage or input error (fix the command or the file); 130 interrupted (run it again to continue)';

export type ParsedArgs = Record<string, string | string[] | boolean | undefined> & { _?: string[] };

export function helpText(cmd: CommandSpec): string {
  const lines = [`mambabench ${cmd.name}: ${cmd.summary}`, '', `Usage: ${cmd.usage}`, ''];
  if (cmd.positionals) lines.push('Arguments:', `  ${cmd.positionals.metavar}  ${cmd.positionals.description}`, '');
  lines.push('Options:');
  const entries = Object.entries({ ...cmd.options, help: { type: 'boolean', description: 'Show this help' } as OptionSpec })
    .filter(([, o]) => !o.hidden);
  const flags = entries.map(([name, o]) => `  ${name === 'help' ? '-h, ' : ''}--${name}${o.type === 'string' ? ` <${o.metavar ?? 'value'}>` : ''}`);
  const width = Math.max(...flags.map((f) => f.length)) + 2;
  entries.forEach(([, o], i) => {
    const def = o.default !== undefined && o.default !== false ? ` (default: ${o.default})` : '';
    const env = o.env ? ` [env ${o.env}]` : '';
    lines.push(flags[i].padEnd(width) + o.description + (o.multiple ? ' (repeatable)' : '') + def + env);
  });
  lines.push('', `Exit codes: ${EXIT_CODES}`);
  return lines.join('\n');
}

/**
 * Parses argv for one command; unknown flags (and arguments a command takes none of) are an error
 * that names them and the command. Env flags (env-flags.ts) go into process.env.
 */
export function parseCommand(cmd: CommandSpec, argv: string[]): ParsedArgs | null {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(cmd.options)) options[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: !!cmd.positionals, strict: true });
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n\n${helpText(cmd)}`);
  }
  if (parsed.values.help) return null;
  const given = parsed.values as Record<string, string | string[] | boolean>;
  const values: ParsedArgs = {};
  for (const [name, o] of Object.entries(cmd.options)) values[name] = given[name] ?? o.default;
  if (cmd.positionals) values._ = parsed.positionals;
  applyEnvFlags(values, (name) => given[name] !== undefined);
  return values;
}

/**
 * Flags that read back as `args` for these options: what a child process (a perf model, a Slurm
 * array task) is given so that it sees the same command. Options at their default are left out
 * (the child has the same defaults); `shown` may rewrite a value (a path made absolute).
 */
export function argvOf(options: Record<string, OptionSpec>, args: ParsedArgs, shown = (_name: string, value: string) => value): string[] {
  return Object.entries(options).flatMap(([name, spec]) => {
    const value = args[name];
    if (value === undefined || value === false || value === spec.default) return [];
    if (value === true) return [`--${name}`];
    return (Array.isArray(value) ? value : [value]).flatMap((v) => [`--${name}`, shown(name, String(v))]);
  });
}

/** A --backend / --compare value, checked against the known backends. */
export function backendArg(value: string | undefined, flag: string): BackendChoice | undefined {
  if (value === undefined) return undefined;
  if (!BACKENDS.includes(value as BackendChoice)) throw new InputError(`--${flag} must be one of ${BACKENDS.join(', ')}, got "${value}"`);
  return value as BackendChoice;
}

/** An integer flag value (`--epochs 20`), at least `min`; undefined when the flag is absent. */
export function integerFlag(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(`--${flag} must be an integer >= ${min}, got "${value}"`);
  return n;
}
