import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';

/** A JSON Schema node, as far as this walk needs it. */
type Node = {
  description?: string;
  $ref?: string;
  properties?: Record<string, Node>;
  items?: Node | Node[];
  prefixItems?: Node[];
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
  additionalProperties?: Node | boolean;
  $defs?: Record<string, Node>;
  definitions?: Record<string, Node>;
};

/** Follows `#/…` references within the root document. */
function resolve(root: Node, node: Node): Node {
  let current = node;
  const seen = new Set<string>();
  while (current.$ref !== undefined && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const ref: string = current.$ref;
    if (!ref.startsWith('#')) throw new Error(`external $ref ${ref}`);
    let target: unknown = root;
    for (const step of ref.slice(1).split('/').filter(Boolean))
      target = (target as Record<string, unknown>)[step.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`dangling $ref ${ref}`);
    current = target as Node;
  }
  return current;
}

/** A property is described on itself, on its $ref target, or on every branch of its anyOf/oneOf. */
function described(root: Node, node: Node): boolean {
  if (node.description) return true;
  const target = resolve(root, node);
  if (target.description) return true;
  const branches = target.anyOf ?? target.oneOf;
  return branches !== undefined && branches.length > 0 && branches.every((b) => described(root, b));
}

/** The paths of every object property in the schema that has no description. */
function undescribed(root: Node): string[] {
  const missing: string[] = [];
  const visited = new Set<Node>();
  const walk = (node: Node | boolean | undefined, path: string): void => {
    if (node === undefined || typeof node === 'boolean' || visited.has(node)) return;
    visited.add(node);
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (!described(root, child)) missing.push(`${path}.${key}`);
      walk(child, `${path}.${key}`);
    }
    const tuple = Array.isArray(node.items) ? node.items : (node.prefixItems ?? []);
    for (const [i, n] of tuple.entries()) walk(n, `${path}[${i}]`);
    if (!Array.isArray(node.items)) walk(node.items, `${path}[]`);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const n of node[key] ?? []) walk(n, path);
    walk(node.additionalProperties, `${path}.*`);
    for (const [name, def] of Object.entries({ ...node.$defs, ...node.definitions })) walk(def, `#${name}`);
    if (node.$ref !== undefined) walk(resolve(root, node), path);
  };
  walk(root, '');
  return missing;
}

describe('undead schema', () => {
  it('gives every field a description, so that editors show help', () => {
    expect(undescribed(scenarioJsonSchema() as Node)).toEqual([]);
  });
});
