import { InputError } from '../input-error';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { helpText, parseCommand, type CommandSpec } from './args';
import { workspaceRoot } from '../workspace';

export const NEW_VARIANT: CommandSpec = {
  name: 'new-variant',
  summary: 'scaffold a model package packages/<name> and experiments/<name>.json (the same generator as `npx nx g ./tools:variant`)',
  usage: 'mambabench new-variant <name> [--from <family> [--copy]]',
  options: {
    from: { type: 'string', metavar: 'family', description: 'Start from this model package (folder name under packages/): the new package imports it and registers its own variants' },
    copy: { type: 'boolean', description: 'With --from: copy the family\'s src/ instead of importing it (fixes to the family no longer reach the copy)' },
  },
};

/** What tools/variant/scaffold.cjs and io.cjs export (plain CommonJS, shared with the Nx generator). */
interface Scaffold {
  scaffoldVariant(io: unknown, options: { name: string; from?: string; copy?: boolean }): { files: string[]; nextSteps: string };
}
interface Io {
  diskIo(root: string): unknown;
}

export async function newVariant(argv: string[]): Promise<number> {
  // The name is positional, as in `nx g`; parseCommand only knows flags.
  const name = argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
  const args = parseCommand(NEW_VARIANT, name ? argv.slice(1) : argv);
  if (!args) return (console.log(helpText(NEW_VARIANT)), 0);
  if (!name) throw new InputError(`new-variant needs a name, e.g. mambabench new-variant my-vmamba --from vmamba\n\n${helpText(NEW_VARIANT)}`);
  // The generator lives outside the workspace packages (tools/ is Nx's local plugin), so it is
  // loaded by path from the root rather than imported as a dependency.
  const root = workspaceRoot();
  const load = createRequire(join(root, 'package.json'));
  const { scaffoldVariant } = load('./tools/variant/scaffold.cjs') as Scaffold;
  const { diskIo } = load('./tools/variant/io.cjs') as Io;
  let scaffolded: ReturnType<Scaffold['scaffoldVariant']>;
  try {
    scaffolded = scaffoldVariant(diskIo(root), { name, from: args.from as string | undefined, copy: args.copy === true });
  } catch (error) {
    // The generator checks the name, the family and what exists before it writes anything.
    throw new InputError((error as Error).message);
  }
  const { files, nextSteps } = scaffolded;
  for (const file of files) console.log(`CREATE ${file}`);
  console.log(`\n${nextSteps}`);
  return 0;
}
