// Property: sequential reads of /proc/<pid>/semundo cost O(1) per line, counted rather than timed. A
// task holds an undo list of N entries (N = 2,000 and 20,000 sets); it is read to the end in chunks
// of 64 bytes (and of random sizes), and two things are counted: the steps taken along the list (every
// read of an entry's `next` link or of the list's head), through the real open/read path; and the calls
// to start/next/show of a spy around the file's SeqOperations, read through a SeqFile as open() makes it.
// Both must stay within a constant per line, so that they grow linearly with N.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  IPC_CREAT,
  IPC_PRIVATE,
  ManualClock,
  SEM_UNDO,
  createKernel,
  type Task,
} from '../../src/api/index.js';
import { semundoOps } from '../../src/procfs/semundo-show.js';
import { SeqFile, type SeqOperations } from '../../src/procfs/seq-file.js';
import { runProperty } from './harness.js';

/** Steps along the list, and calls to each seq operation. */
interface Counts {
  steps: number;
  start: number;
  next: number;
  show: number;
}

const zero = (): Counts => ({ steps: 0, start: 0, next: 0, show: 0 });

/** A task holding one undo entry on each of n new sets, with every step along its list counted. */
function holder(n: number, counts: { c: Counts }): Task {
  const k = createKernel({ clock: new ManualClock() });
  const p = k.spawn({ uid: 1000 });
  for (let i = 0; i < n; i++) {
    const id = p.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    p.trySemop(id, [{ sem_num: 0, sem_op: 1, sem_flg: SEM_UNDO }]);
  }
  const count = (obj: object, key: string) => {
    let v = (obj as Record<string, unknown>)[key];
    Object.defineProperty(obj, key, {
      get: () => (counts.c.steps++, v),
      set: (x: unknown) => void (v = x),
      configurable: true,
    });
  };
  const list = p.k.undoList!;
  count(list, 'head');
  for (let e = list.head; e; e = e.next) count(e, 'next');
  assert.equal(list.size, n);
  return p;
}

function spy<R>(ops: SeqOperations<R>, c: Counts): SeqOperations<R> {
  return {
    start: (pos) => (c.start++, ops.start(pos)),
    next: (r, pos) => (c.next++, ops.next(r, pos)),
    show: (r) => (c.show++, ops.show(r)),
  };
}

/** Reads the file to its end in `size`-byte reads through open/read. */
function readThrough(p: Task, size: number): string {
  const fd = p.open('/proc/self/semundo');
  let text = '';
  for (let c = p.read(fd, size); c.length > 0; c = p.read(fd, size)) text += c;
  p.close(fd);
  return text;
}

/** Reads to the end through a SeqFile over spied operations, as open() builds it. */
function readSpied(p: Task, size: number, c: Counts): { text: string; reads: number } {
  const seq = new SeqFile(spy(semundoOps(p.k), c));
  let text = '';
  let reads = 1;
  for (let chunk = seq.read(0, size); chunk.length > 0; chunk = seq.read(text.length, size), reads++)
    text += chunk;
  return { text, reads };
}

/** At most this many list steps per line, whatever the chunk size: one pass along the list, and the
 * reads that reach the end may each walk it once more. */
const STEPS_PER_LINE = 4;

/** Reads n lines in `size`-byte reads both ways; the list steps of the real path, the calls of the spied one. */
function measure(p: Task, box: { c: Counts }, n: number, size: number): Counts {
  const through = (box.c = zero());
  const real = readThrough(p, size);
  const spied = (box.c = zero());
  const viaSpy = readSpied(p, size, spied);
  box.c = zero();
  assert.equal(real.split('\n').length - 1, n, `lines read in ${size}-byte chunks`);
  assert.equal(viaSpy.text, real, 'the spied read');
  for (const [how, steps] of [
    ['open/read', through.steps],
    ['SeqFile', spied.steps],
  ] as const)
    assert.ok(
      steps <= STEPS_PER_LINE * n,
      `${how}: ${steps} list steps for ${n} lines in ${size}-byte reads`,
    );
  assert.ok(spied.start <= viaSpy.reads, `${spied.start} start() for ${viaSpy.reads} reads`);
  assert.ok(spied.next <= n && spied.show <= n, `${spied.next} next(), ${spied.show} show() for ${n} lines`);
  return { ...spied, steps: through.steps };
}

test('property: reading a long undo list in small chunks costs O(1) list steps per line', async () => {
  const boxes = [2000, 20000].map((n) => ({ n, box: { c: zero() } }));
  const holders = boxes.map(({ n, box }) => ({ n, box, p: holder(n, box) }));
  const at64 = holders.map(({ n, box, p }) => measure(p, box, n, 64));
  const [small, large] = at64 as [Counts, Counts];
  console.log(
    `# [semundo-read-cost] 64-byte reads, 2000 lines: ${JSON.stringify(small)}; 20000: ${JSON.stringify(large)}`,
  );
  const total = (c: Counts) => c.steps + c.start + c.next + c.show;
  assert.ok(total(large) <= 11 * total(small), 'the work grows linearly with the number of lines');

  const [h2k] = holders;
  await runProperty(
    'semundo-read-cost',
    fc.integer({ min: 1, max: 300 }),
    (size) => void measure(h2k!.p, h2k!.box, h2k!.n, size),
    { numRuns: 100, timeLimitMs: 1000 },
  );
});
