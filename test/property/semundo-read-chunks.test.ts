// Property: reads of any size at any offset. While nothing changes, reading /proc/<pid>/semundo in
// random chunk sizes concatenates to the bytes of one large read; and after random lseeks (SEEK_SET
// anywhere, back to 0, past the end, or SEEK_CUR), each read returns exactly the bytes of the one large
// read at that offset, for the process itself, a thread sharing its list, or root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SEEK_CUR, SEEK_SET, type Task } from '../../src/api/index.js';
import { historyArb, replay, type World } from './semundo-history.js';
import { runProperty } from './harness.js';

type Move = { k: 'read'; size: number } | { k: 'set'; at: number } | { k: 'cur'; by: number };

const size = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 4096, 65536) },
);
/** Offsets as fractions of the file's length (up to 1.2, past the end), resolved once it is known. */
const at = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1.2, noNaN: true }));
const move: fc.Arbitrary<Move> = fc.oneof(
  { weight: 6, arbitrary: size.map((s): Move => ({ k: 'read', size: s })) },
  { weight: 2, arbitrary: at.map((a): Move => ({ k: 'set', at: a })) },
  {
    weight: 1,
    arbitrary: fc.double({ min: -1, max: 1, noNaN: true }).map((b): Move => ({ k: 'cur', by: b })),
  },
);

const caseArb = fc.record({
  h: historyArb({ anyPerms: true, control: true, others: true, maxSteps: 25 }),
  reader: fc.constantFrom('self', 'thread', 'root-pid', 'root-tid'),
  chunks: fc.array(
    size.filter((s) => s > 0),
    { minLength: 1, maxLength: 30 },
  ),
  moves: fc.array(move, { maxLength: 40, size: 'max' }),
});

function opener(w: World, reader: string): [Task, string] {
  if (reader === 'self') return [w.p, '/proc/self/semundo'];
  if (reader === 'thread') return [w.t, `/proc/${w.p.pid}/semundo`];
  if (reader === 'root-pid') return [w.k.init, `/proc/${w.p.pid}/semundo`];
  return [w.k.init, `/proc/${w.p.pid}/task/${w.t.tid}/semundo`];
}

function readAll(r: Task, fd: number, chunks: readonly number[]): string {
  let out = '';
  for (let i = 0; ; i++) {
    const c = r.read(fd, chunks[i % chunks.length]!);
    if (c.length === 0) return out;
    out += c;
  }
}

test('property: reads of any size and offset give the bytes of one large read', async () => {
  await runProperty(
    'semundo-read-chunks',
    caseArb,
    ({ h, reader, chunks, moves }) => {
      const w = replay(h);
      const [r, path] = opener(w, reader);
      const whole = r.readFile(path);
      const fd = r.open(path);
      assert.equal(readAll(r, fd, chunks), whole, 'chunked read to the end');
      r.lseek(fd, 0, SEEK_SET);
      let pos = 0;
      for (const m of moves) {
        if (m.k === 'read') {
          const got = r.read(fd, m.size);
          assert.equal(got, whole.slice(pos, pos + m.size), `read(${m.size}) at ${pos}`);
          pos += got.length;
        } else if (m.k === 'set') pos = r.lseek(fd, Math.floor(m.at * whole.length), SEEK_SET);
        else pos = r.lseek(fd, Math.max(-pos, Math.round(m.by * whole.length)), SEEK_CUR);
      }
      assert.equal(readAll(r, fd, chunks), whole.slice(pos), `the rest from ${pos}`);
      r.close(fd);
    },
    { numRuns: 2000, timeLimitMs: 1500 },
  );
});
