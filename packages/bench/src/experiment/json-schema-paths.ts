/** A JSON Schema node, as z.toJSONSchema writes it (only the keywords this code reads). */
export interface JsonNode {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonNode[];
  oneOf?: JsonNode[];
  properties?: Record<string, JsonNode>;
  additionalProperties?: JsonNode | boolean;
  propertyNames?: JsonNode;
  items?: JsonNode | boolean;
  prefixItems?: JsonNode[];
  minItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** The alternatives of a node: its anyOf / oneOf branches, or itself. */
export const branches = (node: JsonNode): JsonNode[] => node.anyOf ?? node.oneOf ?? [node];

/**
 * Every settable dotted path of an object schema, depth first in field order, with the node that
 * describes its values. A field that may be an object (in any branch, e.g. ema: true | null |
 * { decay }) also lists the object's fields ("ema.decay"); a field in several branches (data.kind)
 * is listed once.
 */
export function schemaPaths(node: JsonNode, prefix = ''): { path: string; node: JsonNode }[] {
  const seen = new Map<string, JsonNode>();
  for (const branch of branches(node)) {
    for (const [key, child] of Object.entries(branch.properties ?? {})) {
      const path = prefix + key;
      if (!seen.has(path)) seen.set(path, child);
    }
  }
  return [...seen].flatMap(([path, child]) => [{ path, node: child }, ...schemaPaths(child, `${path}.`)]);
}
