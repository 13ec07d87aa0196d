// The journal's storage: entries read back as they were recorded (binary semops and wake-ups, JSON
// entries alike), and a snapshot put in place so that a server killed at any step leaves one consistent
// state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sizedMemfd } from '../../src/host/shared-memory.js';
import { closeFd } from '../../src/host/pidfd.js';
import { JOURNAL_BYTES, Journal } from '../../src/supervisor/journal.js';
import type { Entry } from '../../src/supervisor/state-entries.js';

const linux = process.platform === 'linux';

function fresh(): { journal: Journal; fds: number[] } {
  const fds = [sizedMemfd('j', JOURNAL_BYTES), sizedMemfd('a', 0), sizedMemfd('b', 0)];
  return { journal: new Journal(fds[0]!, [fds[1]!, fds[2]!]), fds };
}

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const uint32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const clock = { m: fc.integer({ min: 0, max: 2 ** 53 - 1 }), r: fc.integer({ min: 0, max: 2 ** 31 - 1 }) };
const semop: fc.Arbitrary<Entry> = fc.record({
  t: fc.constant('semop' as const),
  tid: fc.integer({ min: 1, max: 2 ** 22 }),
  id: fc.tuple(uint32, uint32),
  semid: int32,
  sops: fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 65535 }),
      fc.integer({ min: -32768, max: 32767 }),
      fc.integer({ min: -32768, max: 32767 }),
    ),
    { minLength: 1, maxLength: 8 },
  ),
  timeout: fc.option(
    fc.tuple(i64, i64).map(([a, b]): [string, string] => [a.toString(), b.toString()]),
    { nil: null },
  ),
  intr: fc.boolean(),
  ...clock,
});
const other: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ t: fc.constant('exit' as const), tid: fc.nat(), ...clock }),
  fc.record({ t: fc.constant('wake' as const), tid: fc.nat(), gone: fc.boolean(), ...clock }),
  fc.record({
    t: fc.constant('vwrite' as const),
    tid: fc.nat(),
    path: fc.string({ unit: 'binary' }),
    text: fc.string({ unit: 'binary' }),
    ...clock,
  }),
  fc.record({
    t: fc.constant('semctl' as const),
    tid: fc.nat(),
    id: fc.tuple(uint32, uint32),
    semid: int32,
    semnum: int32,
    cmd: int32,
    arg: fc.oneof(fc.constant(null), int32, fc.array(fc.nat({ max: 65535 }))),
    ...clock,
  }),
);

describe('journal', { skip: linux ? false : 'memfds are Linux only' }, () => {
  it('gives back every entry as it was recorded, in order, after the writer is gone', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(semop, other), { maxLength: 40 }), (entries) => {
        const { journal, fds } = fresh();
        for (const e of entries) assert.ok(journal.append(e));
        // A new mapping of the same memfd, as a restarted server makes it.
        const again = new Journal(fds[0]!, [fds[1]!, fds[2]!]);
        assert.deepEqual(
          [...again.entries(null)],
          entries.map((e) => ({ ...e })),
        );
        fds.forEach(closeFd);
      }),
      { numRuns: 50 },
    );
  });

  it('a server killed at any step of a snapshot leaves the old state or the new one, never both', () => {
    const base = { m: 1, r: 2, tasks: [], sleepers: [] };
    for (let step = 0; step <= 2; step++) {
      const { journal, fds } = fresh();
      const e: Entry = { t: 'exit', tid: 7, m: 1, r: 2 };
      journal.writeSnapshot(base, Buffer.from('first'));
      journal.append(e);
      let calls = 0;
      try {
        journal.writeSnapshot(base, Buffer.from('second'), () => {
          if (calls++ === step) throw new Error('killed');
        });
      } catch {
        // The server died here.
      }
      const again = new Journal(fds[0]!, [fds[1]!, fds[2]!]);
      const snap = again.readSnapshot()!;
      const replay = [...again.entries(snap.header)];
      // The old snapshot comes with its entry; the new one already holds it.
      if (snap.image.toString() === 'first') assert.deepEqual(replay, [e], `step ${step}`);
      else assert.deepEqual(replay, [], `step ${step}`);
      assert.equal(snap.image.toString(), step === 0 ? 'first' : 'second');
      fds.forEach(closeFd);
    }
  });

  it('keeps room for the wake-ups recorded while an entry is applied, after other entries find none', () => {
    const { journal, fds } = fresh();
    const big: Entry = {
      t: 'vwrite',
      tid: 1,
      path: '/proc/self/semundo',
      text: 'x'.repeat(1 << 20),
      m: 0,
      r: 0,
    };
    let n = 0;
    while (journal.append(big)) n++;
    assert.ok(n > 0);
    const wake: Entry = { t: 'wake', tid: 2, gone: true, m: 0, r: 0 };
    while (journal.append(wake)) n++;
    for (let i = 0; i < 1000; i++) assert.ok(journal.append(wake, true));
    const all = [...journal.entries(null)];
    assert.equal(all.length, n + 1000);
    assert.deepEqual(all.at(-1), wake);
    fds.forEach(closeFd);
  });
});
