// A sleeper that has left at a fatal signal before a wake-up reaches it (Waiter.stillWaiting false): its
// operation ends with EINTR and changes nothing; the wake-up goes on to the sleepers behind it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EINTR, GETVAL, IPC_PRIVATE, SEM_UNDO, SETVAL } from '../../src/abi/index.js';
import { ManualClock } from '../../src/lib/index.js';
import { KernelState, Waiter, lookupChecked, type Task } from '../../src/kernel/index.js';
import { sysSemctl, sysSemget, sysSemtimedop } from '../../src/syscalls/index.js';
import { sops } from '../helpers.js';

function world() {
  const k = new KernelState(new ManualClock());
  const proc = (): Task => k.newProcess(k.init.cred, k.initNs);
  const owner = proc();
  const id = sysSemget(k, owner, IPC_PRIVATE, 2, 0o600);
  /** `task` sleeps in `ops`; the status it ends with, and how many times it was asked whether it waits. */
  const sleep = (task: Task, ops: ReturnType<typeof sops>, present: boolean) => {
    const w = sysSemtimedop(k, task, id, ops);
    assert.ok(w instanceof Waiter);
    const seen = { status: NaN, asked: 0 };
    w.stillWaiting = () => (seen.asked++, present);
    w.onFinish = (s) => (seen.status = s);
    return seen;
  };
  return { k, proc, owner, id, sleep, set: lookupChecked(owner.ns, id)! };
}

test('a +1 skips a departed sleeper and completes the one behind it', () => {
  const w = world();
  const gone = w.sleep(w.proc(), sops([0, -1, SEM_UNDO]), false);
  const next = w.sleep(w.proc(), sops([0, -1]), true);
  assert.equal(sysSemtimedop(w.k, w.owner, w.id, sops([0, 1])), 0);
  assert.deepEqual(gone, { status: -EINTR, asked: 1 });
  assert.deepEqual(next, { status: 0, asked: 1 });
  assert.equal(sysSemctl(w.k, w.owner, w.id, 0, GETVAL), 0);
});

test('a departed sleeper takes nothing: values, its undo adjustments and sempid stay as they were', () => {
  const w = world();
  const p = w.proc();
  const gone = w.sleep(p, sops([0, -1, SEM_UNDO], [1, -1, SEM_UNDO]), false);
  assert.equal(sysSemctl(w.k, w.owner, w.id, 0, SETVAL, 1), 0);
  assert.equal(gone.asked, 0, 'not asked while its operation cannot complete');
  assert.equal(sysSemctl(w.k, w.owner, w.id, 1, SETVAL, 1), 0);
  assert.deepEqual(gone, { status: -EINTR, asked: 1 });
  assert.deepEqual([...w.set.vals], [1, 1]);
  assert.deepEqual([...w.set.pids], [w.owner.tgid, w.owner.tgid]);
  assert.equal(p.undoList?.head?.semadj.some((a) => a !== 0) ?? false, false);
  assert.equal(w.set.complexCount, 0);
});

test('a wait for zero whose sleeper departed ends with EINTR; a present one completes', () => {
  const w = world();
  assert.equal(sysSemctl(w.k, w.owner, w.id, 0, SETVAL, 1), 0);
  const gone = w.sleep(w.proc(), sops([0, 0]), false);
  const here = w.sleep(w.proc(), sops([0, 0]), true);
  assert.equal(sysSemctl(w.k, w.owner, w.id, 0, SETVAL, 0), 0);
  assert.deepEqual([gone.status, here.status], [-EINTR, 0]);
});

test('an operation on one semaphore twice (the slow path) is rolled back whole when its sleeper departed', () => {
  const w = world();
  const gone = w.sleep(w.proc(), sops([0, 1], [0, -2]), false);
  assert.equal(sysSemctl(w.k, w.owner, w.id, 0, SETVAL, 1), 0);
  assert.deepEqual(gone, { status: -EINTR, asked: 1 });
  assert.equal(sysSemctl(w.k, w.owner, w.id, 0, GETVAL), 1);
});
