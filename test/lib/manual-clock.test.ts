// ManualClock's timers: firing order, ties, clearing, timers set while firing, the pending count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ManualClock, type TimerHandle } from '../../src/lib/index.js';
import { runProperty } from '../property/harness.js';

/** The timers of a ManualClock, kept as plainly as possible: every step looks at all of them. */
class ReferenceClock {
  private mono = 0n;
  private timers: { deadlineNs: bigint; fire: () => void; seq: number }[] = [];
  private seq = 0;

  monotonicNs(): bigint {
    return this.mono;
  }

  setTimer(deadlineNs: bigint, fire: () => void): TimerHandle {
    const t = { deadlineNs, fire, seq: this.seq++ };
    this.timers.push(t);
    return t;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  advance(ns: number | bigint): void {
    const target = this.mono + BigInt(ns);
    for (;;) {
      const due = this.timers
        .filter((t) => t.deadlineNs <= target)
        .sort((a, b) =>
          a.deadlineNs === b.deadlineNs ? a.seq - b.seq : a.deadlineNs < b.deadlineNs ? -1 : 1,
        )[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      if (due.deadlineNs > this.mono) this.mono = due.deadlineNs;
      due.fire();
    }
    this.mono = target;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}

type TimerClock = Pick<
  ReferenceClock,
  'monotonicNs' | 'setTimer' | 'clearTimer' | 'advance' | 'pendingTimers'
>;

/** What a timer does when it fires: nothing, set a timer `delta` ns from then, or clear a timer. */
type OnFire = { kind: 'none' } | { kind: 'set'; delta: number } | { kind: 'clear'; pick: number };

type Op =
  | { kind: 'set'; delta: number; onFire: OnFire }
  /** Sets `count` timers, the ith `delta + i * step` ns ahead, firing `onFire`: many timers at once. */
  | { kind: 'set-run'; delta: number; step: number; count: number; onFire: OnFire }
  | { kind: 'clear'; pick: number }
  /** Clears `count` timers in a row from the `pick`th set: many cleared timers at once. */
  | { kind: 'clear-run'; pick: number; count: number }
  | { kind: 'advance'; ns: number };

/** Runs `ops` on `clock` and returns what happened: each firing with the time it saw, and the state after each op. */
function run(clock: TimerClock, ops: readonly Op[]): string[] {
  const log: string[] = [];
  const handles: TimerHandle[] = [];
  const clearOne = (pick: number): void => {
    if (handles.length > 0) clock.clearTimer(handles[pick % handles.length]!);
  };
  const set = (delta: number, onFire: OnFire): void => {
    const id = handles.length;
    const fire = (): void => {
      log.push(`fire #${id} at ${clock.monotonicNs()}`);
      if (onFire.kind === 'set') set(onFire.delta, { kind: 'none' });
      else if (onFire.kind === 'clear') clearOne(onFire.pick);
    };
    handles.push(clock.setTimer(clock.monotonicNs() + BigInt(delta), fire));
  };
  for (const op of ops) {
    if (op.kind === 'set') set(op.delta, op.onFire);
    else if (op.kind === 'set-run') for (let i = 0; i < op.count; i++) set(op.delta + i * op.step, op.onFire);
    else if (op.kind === 'clear') clearOne(op.pick);
    else if (op.kind === 'clear-run') for (let i = 0; i < op.count; i++) clearOne(op.pick + i);
    else clock.advance(op.ns);
    log.push(`${op.kind}: now ${clock.monotonicNs()}, ${clock.pendingTimers()} pending`);
  }
  return log;
}

/**
 * Deadlines mostly from a little in the past to a little ahead (many ties, and timers set while firing
 * that fall due), some far ahead, so that timers pile up and many of them get cleared before they fire.
 */
const delta = fc.oneof(
  { arbitrary: fc.integer({ min: -5, max: 40 }), weight: 3 },
  { arbitrary: fc.integer({ min: 1_000, max: 5_000 }), weight: 2 },
);
const pick = fc.nat({ max: 1000 });
const onFire: fc.Arbitrary<OnFire> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('set' as const), delta }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('clear' as const), pick }), weight: 1 },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), delta, onFire }), weight: 5 },
  {
    arbitrary: fc.record({
      kind: fc.constant('set-run' as const),
      delta,
      step: fc.integer({ min: -3, max: 3 }),
      count: fc.integer({ min: 1, max: 60 }),
      onFire,
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('clear' as const), pick }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('clear-run' as const),
      pick,
      count: fc.integer({ min: 1, max: 100 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ns: fc.nat({ max: 25 }) }), weight: 1 },
);

test('property: ManualClock fires, clears and counts timers as the reference clock does', async () => {
  await runProperty(
    'manual-clock',
    fc.array(op, { maxLength: 400, size: 'max' }),
    (ops) => assert.deepEqual(run(new ManualClock(), ops), run(new ReferenceClock(), ops)),
    { numRuns: 200, timeLimitMs: 5000 },
  );
});

test('timers fire in deadline order, equal deadlines in the order they were set', () => {
  const clock = new ManualClock();
  const fired: string[] = [];
  const at = (ns: bigint, name: string): TimerHandle =>
    clock.setTimer(ns, () => fired.push(`${name}@${clock.monotonicNs()}`));
  at(30n, 'c');
  at(10n, 'a1');
  at(20n, 'b');
  at(10n, 'a2');
  at(10n, 'a3');
  clock.advance(25);
  assert.deepEqual(fired, ['a1@10', 'a2@10', 'a3@10', 'b@20']);
  assert.equal(clock.monotonicNs(), 25n);
  assert.equal(clock.pendingTimers(), 1);
  clock.advance(5);
  assert.deepEqual(fired.slice(4), ['c@30']);
  assert.equal(clock.pendingTimers(), 0);
});

test('a timer whose deadline has passed fires at the next advance without moving the clock back', () => {
  const clock = new ManualClock();
  clock.advance(100);
  const seen: bigint[] = [];
  clock.setTimer(40n, () => seen.push(clock.monotonicNs()));
  clock.advance(0);
  assert.deepEqual(seen, [100n]);
});

test('a cleared timer never fires; clearing twice, or after it fired, changes nothing', () => {
  const clock = new ManualClock();
  const fired: string[] = [];
  const a = clock.setTimer(10n, () => fired.push('a'));
  const b = clock.setTimer(10n, () => fired.push('b'));
  const c = clock.setTimer(20n, () => fired.push('c'));
  assert.equal(clock.pendingTimers(), 3);
  clock.clearTimer(b);
  clock.clearTimer(b);
  assert.equal(clock.pendingTimers(), 2);
  clock.advance(15);
  assert.deepEqual(fired, ['a']);
  clock.clearTimer(a);
  assert.equal(clock.pendingTimers(), 1);
  clock.advance(10);
  assert.deepEqual(fired, ['a', 'c']);
  clock.clearTimer(c);
  assert.equal(clock.pendingTimers(), 0);
});

test("clearing another clock's timer leaves this clock's timers alone", () => {
  const one = new ManualClock();
  const two = new ManualClock();
  const fired: string[] = [];
  one.setTimer(5n, () => fired.push('one'));
  const t = two.setTimer(5n, () => fired.push('two'));
  one.clearTimer(t);
  assert.equal(one.pendingTimers(), 1);
  assert.equal(two.pendingTimers(), 1);
  one.advance(5);
  two.advance(5);
  assert.deepEqual(fired, ['one', 'two']);
});

test('a timer set while another fires fires in the same advance if it falls due by its end', () => {
  const clock = new ManualClock();
  const fired: string[] = [];
  const note = (name: string) => () => fired.push(`${name}@${clock.monotonicNs()}`);
  clock.setTimer(10n, () => {
    note('first')();
    clock.setTimer(clock.monotonicNs() + 5n, note('inside'));
    clock.setTimer(clock.monotonicNs(), note('same-time'));
    clock.setTimer(clock.monotonicNs() + 50n, note('later'));
  });
  clock.setTimer(12n, note('second'));
  clock.setTimer(15n, note('tie-with-inside'));
  clock.advance(20);
  assert.deepEqual(fired, ['first@10', 'same-time@10', 'second@12', 'tie-with-inside@15', 'inside@15']);
  assert.equal(clock.pendingTimers(), 1);
  clock.advance(40);
  assert.deepEqual(fired.slice(5), ['later@60']);
});

test('a firing timer may clear one that is due in the same advance', () => {
  const clock = new ManualClock();
  const fired: string[] = [];
  let victim: TimerHandle | null = null;
  clock.setTimer(1n, () => {
    fired.push('killer');
    clock.clearTimer(victim!);
  });
  victim = clock.setTimer(2n, () => fired.push('victim'));
  clock.setTimer(3n, () => fired.push('survivor'));
  clock.advance(10);
  assert.deepEqual(fired, ['killer', 'survivor']);
  assert.equal(clock.pendingTimers(), 0);
});

test('setting and clearing many timers keeps the order and the count, and memory bounded', () => {
  const clock = new ManualClock();
  const heapSize = (): number => (clock as unknown as { heap: unknown[] }).heap.length;
  const fired: number[] = [];
  const kept: number[] = [];
  let maxHeap = 0;
  for (let round = 0; round < 50; round++) {
    const handles: TimerHandle[] = [];
    for (let i = 0; i < 1000; i++) {
      const id = round * 1000 + i;
      handles.push(clock.setTimer(BigInt(1_000_000 - id), () => fired.push(id)));
    }
    // every round keeps one timer and clears the rest, newest first and oldest first alternately
    const order = round % 2 === 0 ? handles.map((_, i) => i).reverse() : handles.map((_, i) => i);
    for (const i of order) if (i !== 500) clock.clearTimer(handles[i]!);
    kept.push(round * 1000 + 500);
    maxHeap = Math.max(maxHeap, heapSize());
  }
  assert.equal(clock.pendingTimers(), 50);
  assert.ok(heapSize() <= 2 * 50 + 64, `heap holds ${heapSize()} entries for 50 pending timers`);
  assert.ok(maxHeap <= 2 * 1050 + 64, `heap grew to ${maxHeap} entries`);
  clock.advance(1_000_000);
  assert.deepEqual(fired, kept.reverse());
  assert.equal(clock.pendingTimers(), 0);
});

test('advance with a large number of due timers fires each once, in order', () => {
  const clock = new ManualClock();
  const n = 100_000;
  let last = -1n;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const d = BigInt((i * 7919) % 1000);
    clock.setTimer(d, () => {
      const now = clock.monotonicNs();
      assert.ok(now >= last);
      last = now;
      count++;
    });
  }
  clock.advance(1000);
  assert.equal(count, n);
  assert.equal(clock.pendingTimers(), 0);
});

test('fork: the same monotonic and wall time, none of the timers, then each moves on its own', () => {
  const a = new ManualClock(1_800_000_000);
  a.advance(2_500_000_000n);
  let fired = 0;
  a.setTimer(3_000_000_000n, () => fired++);
  const b = a.fork();
  assert.equal(b.monotonicNs(), a.monotonicNs());
  assert.equal(b.realtimeSeconds(), a.realtimeSeconds());
  assert.equal(b.pendingTimers(), 0);
  b.advance(600_000_000n);
  assert.equal(b.realtimeSeconds(), 1_800_000_003);
  assert.equal(a.realtimeSeconds(), 1_800_000_002);
  assert.equal(fired, 0);
});
