import { branches, type JsonNode } from './json-schema-paths';

type Path = readonly PropertyKey[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const COUNTS = ['no', 'one', 'two', 'three', 'four'];
const orList = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

/** The branch of a union that a value was meant for: the object with its "kind", else the one of its type. */
function branchFor(node: JsonNode, value: unknown): JsonNode {
  const all = branches(node);
  if (all.length === 1) return node;
  if (isObject(value)) return all.find((b) => b.properties?.kind?.const !== undefined && b.properties.kind.const === value.kind) ?? all.find((b) => b.type === 'object') ?? node;
  if (Array.isArray(value)) return all.find((b) => b.type === 'array') ?? node;
  return node;
}

/** The schema node of the field at `path` of `root` (a value's path inside the experiment `raw`). */
export function nodeAt(root: JsonNode, path: Path, raw: unknown): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  let value = raw;
  for (const key of path) {
    if (!node) return undefined;
    const here: JsonNode = branchFor(node, value);
    const rest = typeof here.additionalProperties === 'object' ? here.additionalProperties : undefined;
    node = typeof key === 'number' ? here.prefixItems?.[key] ?? (typeof here.items === 'object' ? here.items : undefined) : here.properties?.[String(key)] ?? rest;
    value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  }
  return node;
}

/** The fields an object node (or its branch for `value`) allows. */
export function knownFields(node: JsonNode | undefined, value: unknown): string[] {
  if (!node) return [];
  const here = branchFor(node, value);
  return here.propertyNames?.enum?.map(String) ?? Object.keys(here.properties ?? {});
}

function bounds(n: JsonNode): string {
  const low = n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : n.minimum !== undefined ? `>= ${n.minimum}` : '';
  const high = n.exclusiveMaximum !== undefined ? `< ${n.exclusiveMaximum}` : n.maximum !== undefined ? `<= ${n.maximum}` : '';
  return [low, high].filter(Boolean).join(' and ').replace(/^/, low || high ? ' ' : '');
}

/** What a schema node allows, as a noun phrase: "an integer >= 1", 'one of "cosine", "constant"'. */
export function describeAllowed(n: JsonNode, plural = false): string {
  if (n.enum) return `one of ${n.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.anyOf ?? n.oneOf) return orList(branches(n).flatMap((b) => (b.type === 'boolean' ? ['true', 'false'] : [describeAllowed(b, plural)])));
  const a = (singular: string) => (plural ? `${singular}s` : `${/^[aeiou]/.test(singular) ? 'an' : 'a'} ${singular}`);
  switch (n.type) {
    case 'boolean': return 'true or false';
    case 'null': return 'null';
    case 'integer': return `${a('integer')}${bounds(n)}`;
    case 'number': return `${a('number')}${bounds(n)}`;
    case 'string': return `${a(`${n.minLength ? 'non-empty ' : ''}string`)}${n.pattern ? ` matching /${n.pattern}/` : ''}`;
    case 'array': {
      if (n.prefixItems) return `${plural ? 'lists' : 'a list'} of ${COUNTS[n.prefixItems.length] ?? n.prefixItems.length} ${describeAllowed(n.prefixItems[0]!, true)}`;
      const items = typeof n.items === 'object' && n.items.type ? ` of ${describeAllowed(n.items, true)}` : '';
      return `${a(`${n.minItems ? 'non-empty ' : ''}list`)}${items}${n.uniqueItems ? ', none repeated' : ''}`;
    }
    case 'object': {
      const kind = n.properties?.kind?.const;
      if (kind !== undefined) return `${a('object')} with "kind": ${JSON.stringify(kind)}`;
      const fields = Object.keys(n.properties ?? {});
      return `${a('object')}${fields.length ? ` with ${fields.join(', ')}` : ''}`;
    }
    default: return 'a valid value';
  }
}
