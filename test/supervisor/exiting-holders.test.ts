// Exits past exit_mm, applied before a call that depends on them: which lists are looked at, and when.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GETALL, GETVAL, IPC_PRIVATE, IPC_STAT, SEM_UNDO } from '../../src/abi/index.js';
import { ManualClock } from '../../src/lib/index.js';
import { KernelState, lookupChecked, type Task } from '../../src/kernel/index.js';
import { sysSemget, sysSemtimedop, sysSemundoWrite } from '../../src/syscalls/index.js';
import { HolderIndex, semctlNums, settleExitingHolders } from '../../src/supervisor/exiting-holders.js';
import { sops } from '../helpers.js';

function world() {
  const k = new KernelState(new ManualClock());
  const proc = (): Task => k.newProcess(k.init.cred, k.initNs);
  const caller = proc();
  const id = sysSemget(k, caller, IPC_PRIVATE, 2, 0o600);
  const set = lookupChecked(caller.ns, id)!;
  const gone = new Set<number>();
  const probed: number[] = [];
  const exited: number[] = [];
  const probe = {
    mmGone: (tid: number) => (probed.push(tid), gone.has(tid)),
    exited: (tid: number) => void exited.push(tid),
  };
  const holders = new HolderIndex(() => k.tasks.values());
  const settle = (nums: readonly number[] | null = null): void =>
    settleExitingHolders(set, caller, nums, holders, probe);
  return { k, proc, caller, id, gone, probed, exited, settle };
}

test('a list whose only holder has lost its memory is given back; a live holder keeps it', () => {
  const w = world();
  const p = w.proc();
  assert.equal(sysSemtimedop(w.k, p, w.id, sops([0, 1, SEM_UNDO])), 0);
  w.settle();
  assert.deepEqual([w.probed, w.exited], [[p.tid], []]);
  w.gone.add(p.tid);
  w.settle();
  assert.deepEqual(w.exited, [p.tid]);
});

test("the caller's own list, lists with no adjustment left and other semaphores' adjustments are not looked at", () => {
  const w = world();
  assert.equal(sysSemtimedop(w.k, w.caller, w.id, sops([0, 1, SEM_UNDO])), 0);
  const p = w.proc();
  assert.equal(sysSemtimedop(w.k, p, w.id, sops([0, 1, SEM_UNDO])), 0);
  assert.equal(sysSemtimedop(w.k, p, w.id, sops([0, -1, SEM_UNDO])), 0);
  const q = w.proc();
  assert.equal(sysSemtimedop(w.k, q, w.id, sops([1, 1, SEM_UNDO])), 0);
  w.gone.add(p.tid).add(q.tid).add(w.caller.tid);
  w.settle([0]);
  assert.deepEqual([w.probed, w.exited], [[], []]);
  w.settle([1]);
  assert.deepEqual(w.exited, [q.tid]);
});

test('a shared list goes back only when every holder is past exit_mm, and new holders are found', () => {
  const w = world();
  const p = w.proc();
  assert.equal(sysSemtimedop(w.k, p, w.id, sops([0, 1, SEM_UNDO])), 0);
  w.settle();
  // copy_semundo: a thread made with CLONE_SYSVSEM shares the list.
  const t = w.k.newThread(p);
  t.undoList = p.undoList;
  p.undoList!.refcnt++;
  w.gone.add(p.tid);
  w.settle();
  assert.deepEqual(w.exited, []);
  assert.ok(w.probed.includes(t.tid), 'the new holder was looked at');
  w.gone.add(t.tid);
  w.settle();
  assert.deepEqual(w.exited.sort(), [p.tid, t.tid].sort());
});

test('semctl: the commands that read or set values depend on exits; the others do not', () => {
  assert.deepEqual(semctlNums(GETVAL, 3), [3]);
  assert.equal(semctlNums(GETALL, 0), null);
  assert.equal(semctlNums(IPC_STAT, 0), undefined);
});

test('an adjustment made again after its entry was found all zero, or written into semundo, is found', () => {
  const w = world();
  const p = w.proc();
  const q = w.proc();
  assert.equal(sysSemtimedop(w.k, p, w.id, sops([0, 1, SEM_UNDO])), 0);
  assert.equal(sysSemtimedop(w.k, p, w.id, sops([0, -1, SEM_UNDO])), 0);
  assert.equal(sysSemtimedop(w.k, q, w.id, sops([1, 1, SEM_UNDO])), 0);
  assert.equal(sysSemtimedop(w.k, q, w.id, sops([1, -1, SEM_UNDO])), 0);
  w.settle();
  assert.deepEqual(w.probed, []);
  assert.equal(sysSemtimedop(w.k, p, w.id, sops([0, 1, SEM_UNDO])), 0);
  assert.equal(sysSemundoWrite(q, [{ semid: w.id, nsems: 2, semadj: [0, 3] }]), 0);
  w.gone.add(p.tid).add(q.tid);
  w.settle();
  assert.deepEqual(new Set(w.exited), new Set([p.tid, q.tid]));
});
