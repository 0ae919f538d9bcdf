/**
 * Walks an ImageFolder tree (root/{train,valid,test}/<class>/...) without decoding anything.
 * Structural problems (missing root, missing train, no classes, empty class, classes that
 * differ between splits) are errors; per-file problems are recorded as skipped, so nothing is
 * dropped silently. File order follows torchvision's ImageFolder: classes sorted, then the
 * files of each class folder walked recursively in sorted order.
 */
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { SplitName } from '../dataset.ts';

export const SPLIT_NAMES: readonly SplitName[] = ['train', 'valid', 'test'];
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png'];

export interface ScannedFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the dataset root with '/' separators (stable across machines). */
  rel: string;
  size: number;
  mtimeMs: number;
  label: number;
}

export interface ScannedSplit {
  name: SplitName;
  dir: string;
  files: ScannedFile[];
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ScanResult {
  root: string;
  classNames: string[];
  splits: Partial<Record<SplitName, ScannedSplit>>;
  skipped: SkippedFile[];
  /** Hidden entries (names starting with '.') that were ignored, e.g. .DS_Store. */
  hidden: string[];
  /** Entries at the root that are not split folders (README, manifests...), ignored. */
  ignoredAtRoot: string[];
}

const isHidden = (name: string) => name.startsWith('.');
// Python's sorted() on str orders by code point; JS's default sort uses UTF-16 units, which
// agrees for every name outside the astral planes. localeCompare would not match torchvision.
const sortNames = (names: string[]) => [...names].sort();

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

export function scanImageFolder(rootArg: string): ScanResult {
  const root = resolve(rootArg);
  const rootStat = statOrNull(root);
  if (!rootStat) throw new Error(`dataset root not found: ${root}`);
  if (!rootStat.isDirectory()) throw new Error(`dataset root is not a directory: ${root}`);

  const result: ScanResult = { root, classNames: [], splits: {}, skipped: [], hidden: [], ignoredAtRoot: [] };
  const rootEntries = sortNames(readdirSync(root));
  for (const name of rootEntries) {
    if (isHidden(name)) result.hidden.push(join(root, name));
    else if (!(SPLIT_NAMES as string[]).includes(name)) result.ignoredAtRoot.push(join(root, name));
  }

  const classesBySplit = new Map<SplitName, string[]>();
  for (const split of SPLIT_NAMES) {
    const dir = join(root, split);
    const st = statOrNull(dir);
    if (!st) continue;
    if (!st.isDirectory()) throw new Error(`split '${split}' is not a directory: ${dir}`);
    classesBySplit.set(split, listClassFolders(split, dir, result));
  }

  if (!classesBySplit.has('train')) {
    const hint = rootEntries.filter((n) => /^train/i.test(n) && n !== 'train');
    throw new Error(`no train split: expected a folder ${join(root, 'train')}` + (hint.length ? ` (found ${hint.join(', ')})` : ''));
  }
  const classNames = classesBySplit.get('train')!;
  for (const [split, classes] of classesBySplit) {
    if (split !== 'train') assertSameClasses(root, split, classes, classNames);
  }
  result.classNames = classNames;

  for (const [split, classes] of classesBySplit) {
    const dir = join(root, split);
    const files: ScannedFile[] = [];
    classes.forEach((cls, label) => {
      const classDir = join(dir, cls);
      const before = files.length;
      walkClassFolder(root, classDir, label, files, result);
      if (files.length === before) {
        throw new Error(`class folder has no images (.jpg, .jpeg, .png): ${classDir} (split '${split}', class '${cls}')`);
      }
    });
    result.splits[split] = { name: split, dir, files };
  }
  return result;
}

function listClassFolders(split: SplitName, dir: string, result: ScanResult): string[] {
  const classes: string[] = [];
  for (const name of sortNames(readdirSync(dir))) {
    const path = join(dir, name);
    if (isHidden(name)) {
      result.hidden.push(path);
      continue;
    }
    const st = statOrNull(path);
    if (st?.isDirectory()) classes.push(name);
    else result.skipped.push({ path, reason: st ? 'not inside a class folder' : 'cannot stat (broken link?)' });
  }
  if (classes.length === 0) {
    throw new Error(`split '${split}' has no class folders: ${dir} (expected ${dir}${sep}<class>${sep}<image files>)`);
  }
  return classes;
}

function assertSameClasses(root: string, split: SplitName, classes: string[], trainClasses: string[]) {
  const missing = trainClasses.filter((c) => !classes.includes(c));
  const extra = classes.filter((c) => !trainClasses.includes(c));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [];
  if (missing.length) parts.push(`missing in ${split}: ${missing.join(', ')}`);
  if (extra.length) parts.push(`only in ${split}: ${extra.join(', ')}`);
  throw new Error(
    `class folders differ between splits in ${root}: train has [${trainClasses.join(', ')}], ` +
      `${split} has [${classes.join(', ')}] (${parts.join('; ')})`,
  );
}

/**
 * Recursive like ImageFolder's make_dataset: it iterates sorted(os.walk(class_dir)), i.e. every
 * folder's own files (sorted) in the order of the folders' path strings, which is not the same
 * as a depth-first walk ("DR/a-2" sorts before "DR/a/b"). Matching it keeps sample order, and so
 * evaluation order, identical to the PyTorch script's.
 */
function walkClassFolder(root: string, classDir: string, label: number, out: ScannedFile[], result: ScanResult) {
  const folders: { dir: string; files: ScannedFile[] }[] = [];
  // Links are followed (as os.walk(followlinks=True) does); a link back up the tree would recurse forever.
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const real = realpathSync(dir);
    if (seen.has(real)) {
      result.skipped.push({ path: dir, reason: 'folder link loop (already visited)' });
      return;
    }
    seen.add(real);
    const files: ScannedFile[] = [];
    folders.push({ dir, files });
    for (const name of sortNames(readdirSync(dir))) {
      const path = join(dir, name);
      if (isHidden(name)) {
        result.hidden.push(path);
        continue;
      }
      const st = statOrNull(path);
      if (!st) {
        result.skipped.push({ path, reason: 'cannot stat (broken link?)' });
      } else if (st.isDirectory()) {
        visit(path);
      } else if (!st.isFile()) {
        result.skipped.push({ path, reason: 'not a regular file' });
      } else if (!IMAGE_EXTENSIONS.includes(extname(name).toLowerCase())) {
        const ext = extname(name) || '(none)';
        result.skipped.push({ path, reason: `not an image file: extension ${ext}, expected ${IMAGE_EXTENSIONS.join(', ')}` });
      } else {
        files.push({ path, rel: relative(root, path).split(sep).join('/'), size: st.size, mtimeMs: st.mtimeMs, label });
      }
    }
  };
  visit(classDir);
  folders.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  for (const f of folders) out.push(...f.files);
}
