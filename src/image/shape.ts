// A small description language for the shape of JSON values, and its checker: the part of image
// validation that docs/image-format.schema.json also states (types, ranges, required and unknown
// fields). Errors name the first field that is wrong, in a fixed order: an object's fields in the
// order they are declared, then its unknown fields (sorted); array elements in order.
import { at, fail, show, type Path } from './image-error.js';

export type Shape =
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'string'; readonly pattern: RegExp; readonly what: string }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'const'; readonly value: string | number; readonly refuse: (v: unknown) => string }
  | { readonly kind: 'array'; readonly items: Shape; readonly minItems: number }
  | ObjectShape
  | { readonly kind: 'nullable'; readonly of: Shape }
  | {
      readonly kind: 'tagged';
      readonly tag: string;
      readonly branches: Readonly<Record<string, ObjectShape>>;
    };

/** A field: its name, its shape, and whether it may be left out. */
export type Field = readonly [name: string, shape: Shape, optional?: 'optional'];

export interface ObjectShape {
  readonly kind: 'object';
  readonly fields: readonly Field[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkInt(v: unknown, s: { min: number; max: number }, p: Path | null): void {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(p, `must be an integer, got ${show(v)}`);
  if (v < s.min) fail(p, `${v} < ${s.min}`);
  if (v > s.max) fail(p, `${v} > ${s.max}`);
}

function checkObject(v: unknown, s: ObjectShape, p: Path | null): void {
  if (!isObject(v)) fail(p, `must be an object, got ${show(v)}`);
  let present = 0;
  for (const [name, field, optional] of s.fields) {
    if (!Object.hasOwn(v, name)) {
      if (optional) continue;
      fail(at(p, name), 'missing');
    }
    present++;
    check(v[name], field, at(p, name));
  }
  const keys = Object.keys(v);
  if (keys.length === present) return;
  const known = new Set(s.fields.map(([name]) => name));
  const unknown = keys.filter((k) => !known.has(k)).sort();
  fail(at(p, unknown[0]!), 'unknown field');
}

function checkTagged(v: unknown, s: Extract<Shape, { kind: 'tagged' }>, p: Path | null): void {
  if (!isObject(v)) fail(p, `must be an object, got ${show(v)}`);
  if (!Object.hasOwn(v, s.tag)) fail(at(p, s.tag), 'missing');
  const tag = v[s.tag];
  const branch = typeof tag === 'string' && Object.hasOwn(s.branches, tag) ? s.branches[tag] : undefined;
  if (!branch) {
    const names = Object.keys(s.branches).map((n) => JSON.stringify(n));
    fail(at(p, s.tag), `must be one of ${names.join(', ')}, got ${show(tag)}`);
  }
  checkObject(v, branch, p);
}

/** Throws an ImageError naming the first place where `v` does not have shape `s`. */
export function check(v: unknown, s: Shape, p: Path | null): void {
  switch (s.kind) {
    case 'int':
      return checkInt(v, s, p);
    case 'bool':
      if (typeof v !== 'boolean') fail(p, `must be true or false, got ${show(v)}`);
      return;
    case 'string':
      if (typeof v !== 'string') fail(p, `must be a string, got ${show(v)}`);
      if (!s.pattern.test(v)) fail(p, `must be ${s.what}, got ${show(v)}`);
      return;
    case 'enum':
      if (typeof v !== 'string' || !s.values.includes(v))
        fail(p, `must be one of ${s.values.map((x) => JSON.stringify(x)).join(', ')}, got ${show(v)}`);
      return;
    case 'const':
      if (v !== s.value) fail(p, s.refuse(v));
      return;
    case 'array':
      if (!Array.isArray(v)) fail(p, `must be an array, got ${show(v)}`);
      if (v.length < s.minItems)
        fail(p, s.minItems === 1 ? 'must not be empty' : `must have at least ${s.minItems} elements`);
      for (let i = 0; i < v.length; i++) check(v[i], s.items, at(p, i));
      return;
    case 'object':
      return checkObject(v, s, p);
    case 'nullable':
      if (v !== null) check(v, s.of, p);
      return;
    case 'tagged':
      return checkTagged(v, s, p);
  }
}
