// What a host image derives because the kernel does not show it: per-semaphore otime, the id allocator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { derivedIds, hostImageBody, hostRestorePlan, semOtimes } from '../../src/cli/host-image.js';
import type { HostSemSet } from '../../src/host/sem-sets-read.js';
import { decodeImage, encodeImage } from '../../src/image/index.js';

const set = (id: number, over: Partial<HostSemSet> = {}): HostSemSet => ({
  id,
  idx: id & 0x7fff,
  seq: id >>> 15,
  key: 0,
  uid: 0,
  gid: 0,
  cuid: 0,
  cgid: 0,
  mode: 0o600,
  otime: 0,
  ctime: 1_700_000_000,
  vals: [0],
  pids: [0],
  ...over,
});

test("per-semaphore otime: the set's sem_otime where a sempid is set, 0 where none is", () => {
  assert.deepEqual(semOtimes({ otime: 99, pids: [0, 7, 0, 8] }), [0, 99, 0, 99]);
  assert.deepEqual(semOtimes({ otime: 0, pids: [7, 8] }), [0, 0]);
  assert.deepEqual(
    semOtimes({ otime: 99, pids: [0, 0] }),
    [99, 0],
    'no visible sempid: semaphore 0 keeps it',
  );
});

test('the id allocator: the largest sequence number, its largest index, the cursor after it', () => {
  assert.deepEqual(derivedIds([]), { seq: 0, lastIdx: -1, cursor: 0 });
  assert.deepEqual(derivedIds([set(0), set(5)]), { seq: 0, lastIdx: 5, cursor: 6 });
  assert.deepEqual(derivedIds([set(0), set(2 * 32768 + 1), set(32768 + 9), set(2 * 32768 + 3)]), {
    seq: 2,
    lastIdx: 3,
    cursor: 4,
  });
});

test('a host body decodes, and its restore plan takes the first namespace', () => {
  const body = hostImageBody({
    inum: 4026531839,
    limits: { semmsl: 32000, semmns: 1024000000, semopm: 500, semmni: 32000 },
    semNextId: -1,
    lastPid: null,
    sets: [set(1, { key: 42, vals: [3, 0], pids: [1234, 0], otime: 5 })],
  });
  assert.equal(body.lastPid, 1234, 'without ns_last_pid: the largest sempid');
  const img = decodeImage(encodeImage(body, 'semundo test host'));
  const { plan, notes } = hostRestorePlan(img, { limits: false });
  assert.deepEqual(notes, []);
  assert.equal(plan.limits, null);
  assert.deepEqual(plan.sets, [
    { id: 1, key: 42, uid: 0, gid: 0, cuid: 0, cgid: 0, mode: 0o600, vals: [3, 0], pids: [1234, 0] },
  ]);
});
