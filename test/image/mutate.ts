// Random damage to an image: a field changed, removed or added, array elements swapped or repeated,
// the checksum made to fit again or not, the text cut short or a character replaced.
import fc from 'fast-check';
import { canonicalJson } from '../../src/image/canonical-json.js';
import { bodyChecksum } from '../../src/image/checksum.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Values likely to sit on a limit of some field, and values of the wrong type. */
export const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    ...[-4096, -4095, -32769, -32768, -2, -1, 0, 1, 2, 9, 19, 40, 41, 64, 65, 511, 512, 32767, 32768],
    ...[
      65534,
      65535,
      65536,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 53 - 1,
      2 ** 53,
      0.5,
      -0.5,
      1e300,
    ],
    ...['', '0', '01', '1', 'sleeping', 'held', 'model', 'host', 'catch', 'ignore', 'semundo-image'],
    ...[null, true, false, [], {}, [0], { state: 'held', status: -4 }],
  ),
  fc.integer({ min: -100, max: 100 }),
);

export interface Mutation {
  op: 'set' | 'delete' | 'add' | 'swap' | 'dup' | 'none';
  /** Picks the node (modulo the number of nodes) and, for swap, the elements. */
  at: number;
  i: number;
  j: number;
  key: string;
  value: Json;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set', 'delete', 'add', 'swap', 'dup', 'none'),
  at: fc.nat(),
  i: fc.nat(),
  j: fc.nat(),
  key: fc.constantFrom('x', 'val', 'state', '__proto__', 'tid', 'a b'),
  value: oddValue,
});

export interface TextDamage {
  recheck: boolean;
  /** Cut the text at this fraction of its length, or replace a character there, or leave it. */
  cut: null | { at: number; replace: string | null };
}

export const textDamageArb: fc.Arbitrary<TextDamage> = fc.record({
  recheck: fc.boolean(),
  cut: fc.option(
    fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      replace: fc.option(fc.constantFrom(' ', '0', '9', '"', '}', ']', ',', '-', '\n', 'é')),
    }),
    { freq: 3 },
  ),
});

/** Every place in the value that holds something: [container, key], top down, in key order. */
function places(v: Json): [Json[] | { [k: string]: Json }, string | number][] {
  const out: [Json[] | { [k: string]: Json }, string | number][] = [];
  const walk = (x: Json) => {
    if (Array.isArray(x))
      x.forEach((e, i) => {
        out.push([x, i]);
        walk(e);
      });
    else if (x !== null && typeof x === 'object')
      for (const k of Object.keys(x).sort()) {
        out.push([x, k]);
        walk(x[k]!);
      }
  };
  walk(v);
  return out;
}

function setOwn(o: { [k: string]: Json }, k: string, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Applies one mutation in place to a parsed image (or any JSON value). */
export function mutate(img: Json, m: Mutation): void {
  const all = places(img);
  if (all.length === 0 || m.op === 'none') return;
  const [parent, key] = all[m.at % all.length]!;
  const node = (parent as Record<string | number, Json>)[key]!;
  switch (m.op) {
    case 'set':
      (parent as Record<string | number, Json>)[key] = structuredClone(m.value);
      return;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return;
    case 'add':
      if (Array.isArray(node)) node.push(structuredClone(m.value));
      else if (node !== null && typeof node === 'object') setOwn(node, m.key, structuredClone(m.value));
      return;
    case 'swap':
      if (Array.isArray(node) && node.length >= 2) {
        const i = m.i % node.length;
        const j = m.j % node.length;
        [node[i], node[j]] = [node[j]!, node[i]!];
      }
      return;
    case 'dup':
      if (Array.isArray(node) && node.length > 0) node.push(structuredClone(node[m.i % node.length]!));
      return;
  }
}

/** The text of a (damaged) image value, with the checksum made to fit or not, then cut or changed. */
export function damagedText(img: Json, d: TextDamage): string {
  const o = img as { [k: string]: Json };
  if (d.recheck && o !== null && typeof o === 'object' && !Array.isArray(o) && o.body !== undefined)
    o.checksum = bodyChecksum(o.body);
  const text = `${canonicalJson(img)}\n`;
  if (!d.cut) return text;
  const at = Math.min(text.length - 1, Math.floor(d.cut.at * text.length));
  if (d.cut.replace === null) return text.slice(0, at);
  return text.slice(0, at) + d.cut.replace + text.slice(at + 1);
}
