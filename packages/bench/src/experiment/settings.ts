import { InputError } from '../input-error';
import { fieldPaths } from './field-paths';

/**
 * Hydra-style settings from the command line: `optimizer.lr=3e-4` sets a field of the experiment,
 * `optimizer.lr=1e-3,3e-4` sweeps it (a grid entry), `seeds=1,2,3` sets a list field. They are
 * applied to the parsed file before validation, so a value set here is checked exactly as if it
 * had been written in the file.
 */
export interface Setting {
  /** The text as given, for the log and the report. */
  text: string;
  /** Dotted path into the experiment, e.g. "optimizer.lr". */
  path: string;
  /** One value sets the field; several sweep it (or, for a list field, are the list). */
  values: unknown[];
}

/** The schema's fields, once: whether each is a list (`seeds=1,2,3` is that list) and whether a grid may sweep it. */
let fields: Map<string, { list: boolean; trainSpec: boolean }> | undefined;
const field = (path: string) => (fields ??= new Map(fieldPaths().map((f) => [f.path, f]))).get(path);

/** Splits at commas outside brackets, braces and quotes: `[0.9,0.99],[0.9,0.999]` is two values. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A value as a YAML-ish reader of Hydra's overrides would take it: JSON where it parses, else the text. */
function parseValue(raw: string, setting: string): unknown {
  const text = raw.trim();
  if (text === '') throw new InputError(`setting "${setting}": an empty value (write key=value, values separated by commas)`);
  try {
    return JSON.parse(text.startsWith("'") && text.endsWith("'") ? `"${text.slice(1, -1)}"` : text);
  } catch {
    // Numbers JSON refuses (".5", "+1", "1.") are still numbers; anything else is a word ("none", "cosine").
    const n = Number(text);
    return text !== '' && Number.isFinite(n) && /^[+-]?(\d|\.\d)/.test(text) ? n : text;
  }
}

/** Parses `key=value[,value...]`; a malformed setting names itself. */
export function parseSetting(text: string): Setting {
  const eq = text.indexOf('=');
  const path = text.slice(0, eq).trim();
  if (eq <= 0 || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(path)) {
    throw new InputError(`setting "${text}": expected key=value with a dotted field path, e.g. optimizer.lr=3e-4 or epochs=5`);
  }
  if (path === 'grid' || path.startsWith('grid.')) {
    throw new InputError(`setting "${text}": write the field itself with several values (e.g. optimizer.lr=1e-3,3e-4) to sweep it`);
  }
  return { text, path, values: splitTopLevel(text.slice(eq + 1)).map((v) => parseValue(v, text)) };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets obj[path] = value, making objects on the way (a shorthand such as `"ema": true` becomes an object of its defaults' overrides). */
function setPath(obj: Obj, path: string[], value: unknown) {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    if (!isObj(cur[key])) cur[key] = {};
    cur = cur[key] as Obj;
  }
  cur[path[path.length - 1]] = value;
}

/**
 * The parsed experiment file with the settings applied (a new object; the input is unchanged).
 * A field swept on the command line replaces the file's grid entry for it; a field set to one
 * value leaves the grid. Whether a field may be swept is the validator's call (the grid's rules).
 */
export function applySettings(raw: unknown, settings: Setting[]): unknown {
  if (!isObj(raw) || settings.length === 0) return raw;
  const out = structuredClone(raw);
  for (const s of settings) {
    const grid = isObj(out.grid) ? out.grid : {};
    delete grid[s.path];
    const f = field(s.path);
    if (f?.list) setPath(out, s.path.split('.'), s.values);
    else if (s.values.length === 1) setPath(out, s.path.split('.'), s.values[0]);
    else if (f && !f.trainSpec) throw new InputError(`setting "${s.text}": ${s.path} is set once per experiment, so it cannot be swept; only a run's hyper-parameters can (e.g. optimizer.lr, augment, ema.decay, drop_path_rate)`);
    else grid[s.path] = s.values; // an unknown path: the grid's validation lists the fields it may vary
    if (Object.keys(grid).length > 0 || out.grid !== undefined) out.grid = grid;
  }
  return out;
}
