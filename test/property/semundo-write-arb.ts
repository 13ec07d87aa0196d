// Hostile data for /proc/self/semundo: random bytes, and lines that are almost valid — wrong nsems,
// too few or too many adjustments, non-numeric or overflowing fields, adjustments out of range, ids of
// removed sets or of another namespace, repeated ids, odd separators, blank lines, a cut last line.
// Lines name their set by an index into a pool of candidate ids known only once a kernel is built.
import fc from 'fast-check';

export type Mutation =
  | { k: 'nsems'; delta: number }
  | { k: 'count'; delta: number }
  | { k: 'field'; at: number; text: string }
  | { k: 'range'; at: number; value: number };

export interface LineRecipe {
  /** A set that exists in the writer's namespace, or any candidate id. */
  live: boolean;
  target: number;
  adj: number[];
  seps: string[];
  lead: string;
  trail: string;
  mutation: Mutation | null;
}

export type DataRecipe =
  | { kind: 'lines'; lines: LineRecipe[]; blanks: number[]; end: string; cut: number | null }
  | { kind: 'bytes'; text: string };

/** The candidate ids and, for each, the nsems of the set it names (or named) somewhere. */
export interface Pool {
  /** Sets that exist in the writer's namespace. */
  live: readonly number[];
  /** Any id: live or removed sets, sets of another namespace, ids never used. */
  ids: readonly number[];
  nsemsHint(id: number): number;
}

const BAD_FIELDS = [
  'x',
  '1.5',
  '+3',
  '0x10',
  '1e3',
  '٣',
  '--1',
  '-',
  '\r',
  '\v1',
  '1\u00a0',
  '',
  '2147483648',
  '-2147483649',
  '99999999999',
  '00000000000000000000042',
  '-0',
  '-2147483648',
  '2147483647',
];

const adjValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: -32768, max: 32767 }) },
  { weight: 1, arbitrary: fc.constantFrom(-32768, 32767) },
);

const mutation: fc.Arbitrary<Mutation | null> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(-2, -1, 1, 2).map((delta): Mutation => ({ k: 'nsems', delta })) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 1, 2).map((delta): Mutation => ({ k: 'count', delta })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ at: fc.nat(8), text: fc.constantFrom(...BAD_FIELDS) })
      .map((m): Mutation => ({ k: 'field', ...m })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ at: fc.nat(5), value: fc.constantFrom(-32769, 32768, 40000, -2147483648, 2147483647) })
      .map((m): Mutation => ({ k: 'range', ...m })),
  },
);

const sep = fc.oneof(
  { weight: 8, arbitrary: fc.constant(' ') },
  { weight: 1, arbitrary: fc.constantFrom('\t', '   ', ' \t ') },
);

const lineArb: fc.Arbitrary<LineRecipe> = fc.record({
  live: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  target: fc.nat(12),
  adj: fc.array(adjValue, { minLength: 1, maxLength: 6 }),
  seps: fc.array(sep, { minLength: 1, maxLength: 3 }),
  lead: fc.constantFrom('', '', '', '  ', '\t'),
  trail: fc.constantFrom('', '', '', ' ', '\t'),
  mutation,
});

const BYTES = ' \t\n-0123456789+x\r'.split('');

export const dataArb: fc.Arbitrary<DataRecipe> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('lines' as const),
      lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
      blanks: fc.array(fc.nat(6), { maxLength: 2 }),
      end: fc.constantFrom('\n', '\n', '\n', '\n', '\n', '', '\n\n', '\r\n'),
      cut: fc.oneof(
        { weight: 12, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.double({ min: 0.05, max: 0.95, noNaN: true }) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      text: fc.oneof(
        fc.string({ unit: fc.constantFrom(...BYTES), maxLength: 60 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
      ),
    }),
  },
);

function lineText(r: LineRecipe, pool: Pool): string {
  const from = r.live && pool.live.length > 0 ? pool.live : pool.ids;
  const id = from[r.target % from.length]!;
  const nsems = pool.nsemsHint(id);
  const m = r.mutation;
  const count = Math.max(0, nsems + (m?.k === 'count' ? m.delta : 0));
  const adj = Array.from({ length: count }, (_, i) => r.adj[i % r.adj.length]!);
  if (m?.k === 'range' && count > 0) adj[m.at % count] = m.value;
  const fields = [id, nsems + (m?.k === 'nsems' ? m.delta : 0), ...adj].map(String);
  if (m?.k === 'field') fields[m.at % fields.length] = m.text;
  let out = r.lead + fields[0];
  for (let i = 1; i < fields.length; i++) out += r.seps[i % r.seps.length] + fields[i];
  return out + r.trail;
}

/** The bytes of one write() for this recipe. */
export function dataText(d: DataRecipe, pool: Pool): string {
  if (d.kind === 'bytes') return d.text;
  const lines = d.lines.map((l) => lineText(l, pool));
  for (const b of d.blanks) lines.splice(b % (lines.length + 1), 0, b % 2 ? ' \t ' : '');
  const text = lines.join('\n') + d.end;
  return d.cut === null ? text : text.slice(0, Math.floor(d.cut * text.length));
}
