import { parseArgs } from 'node:util';
import { BACKENDS, type BackendChoice } from '@mambabench/core';
import { InputError } from '../input-error';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  default?: string | boolean;
  metavar?: string;
  /** Internal flags (one process asking another) work but stay out of the help. */
  hidden?: boolean;
  /** A string flag that may be given several times; its value is then a list. */
  multiple?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Arguments without a flag (`compare <dir> <dir>`), opt-in: commands without it refuse them.
   * parseCommand returns them as a list under `name`. */
  positionals?: { name: string; metavar: string; description: string };
}

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
    lines.push(flags[i].padEnd(width) + o.description + (o.multiple ? ' (repeatable)' : '') + def);
  });
  return lines.join('\n');
}

/** Parses argv for one command; unknown flags are an error that names the flag and the command. */
export function parseCommand(cmd: CommandSpec, argv: string[]): Record<string, string | string[] | boolean | undefined> | null {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(cmd.options)) options[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: !!cmd.positionals, strict: true });
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n\n${helpText(cmd)}`);
  }
  if (parsed.values.help) return null;
  const values: Record<string, string | string[] | boolean | undefined> = {};
  for (const [name, o] of Object.entries(cmd.options)) values[name] = (parsed.values as Record<string, string | string[] | boolean>)[name] ?? o.default;
  if (cmd.positionals) values[cmd.positionals.name] = parsed.positionals;
  return values;
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
