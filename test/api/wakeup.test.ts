// The wake-up algorithm of ipc/sem.c (spec 5.5), on the public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GETNCNT,
  GETPID,
  GETVAL,
  GETZCNT,
  IPC_PRIVATE,
  IPC_CREAT,
  SETVAL,
  GETALL,
} from '../../src/api/index.js';
import { flush, machine, sops, track } from '../helpers.js';

test('FIFO first-fit: a later small decrement passes an earlier large one', async () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  const a = track(kernel.spawn().semop(id, sops([0, -2])));
  const b = track(kernel.spawn().semop(id, sops([0, -1])));
  p.trySemop(id, sops([0, 1]));
  await flush();
  assert.deepEqual([a.done, b.done], [false, true]);
  p.trySemop(id, sops([0, 1]));
  await flush();
  assert.equal(a.done, false);
  p.trySemop(id, sops([0, 1]));
  await flush();
  assert.equal(a.value, 0);
  assert.equal(p.semctl(id, 0, GETVAL), 0);
});

test('zero-waiters see the intermediate state between two completed waiters (W10)', async () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o600);
  p.semctl(id, 0, SETVAL, 1);
  const zt = kernel.spawn();
  const yt = kernel.spawn();
  const z = track(zt.semop(id, sops([0, 0])));
  const x = track(kernel.spawn().semop(id, sops([1, -1], [0, -1])));
  const y = track(yt.semop(id, sops([2, -1], [0, 1])));
  p.trySemop(id, sops([1, 1], [2, 1]));
  await flush();
  assert.deepEqual([x.done, z.done, y.done], [true, true, true]);
  assert.equal(p.semctl(id, 0, GETVAL), 1);
  assert.equal(p.semctl(id, 0, GETPID), yt.pid);
});

test('a zero inside one semop array is not seen by zero-waiters (W4)', async () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  p.semctl(id, 0, SETVAL, 1);
  const z = track(kernel.spawn().semop(id, sops([0, 0])));
  p.trySemop(id, sops([0, -1], [0, 1]));
  await flush();
  assert.equal(z.done, false);
  p.trySemop(id, sops([0, -1]));
  await flush();
  assert.equal(z.value, 0);
});

test('errors are delivered to sleepers: ERANGE and EAGAIN (W7/W8)', async () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o600);
  p.semctl(id, 1, SETVAL, 32767);
  const s = track(kernel.spawn().semop(id, sops([0, -1], [1, 1])));
  p.trySemop(id, sops([0, 1]));
  await flush();
  assert.equal(s.code, 'ERANGE');
  assert.equal(p.semctl(id, 0, GETVAL), 1);
  p.semctl(id, 0, SETVAL, 0);
  p.semctl(id, 1, SETVAL, 0);
  const t = track(kernel.spawn().semop(id, sops([0, -1], [1, -1, 0o4000])));
  p.trySemop(id, sops([0, 1]));
  await flush();
  assert.equal(t.code, 'EAGAIN');
});

test('GETZCNT of a complex const waiter goes stale (W6)', async () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o600);
  p.semctl(id, 0, SETVAL, 1);
  p.semctl(id, 1, SETVAL, 1);
  const c = track(kernel.spawn().semop(id, sops([0, 0], [1, 0])));
  const z = () => [p.semctl(id, 0, GETZCNT), p.semctl(id, 1, GETZCNT)];
  assert.deepEqual(z(), [1, 0]);
  p.trySemop(id, sops([0, -1]));
  assert.deepEqual(z(), [0, 1]);
  p.trySemop(id, sops([0, 1]));
  assert.deepEqual(z(), [0, 1]);
  p.semctl(id, 0, SETVAL, 5);
  assert.deepEqual(z(), [0, 1]);
  p.trySemop(id, sops([1, -1]));
  assert.deepEqual(z(), [1, 0]);
  p.semctl(id, 0, SETVAL, 0);
  await flush();
  assert.equal(c.value, 0);
});

test('GETNCNT follows the blocking sop of a complex waiter (W5)', async () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o600);
  const x = track(kernel.spawn().semop(id, sops([0, -1], [1, -1])));
  const n = () => [p.semctl(id, 0, GETNCNT), p.semctl(id, 1, GETNCNT)];
  assert.deepEqual(n(), [1, 0]);
  p.trySemop(id, sops([0, 1]));
  assert.deepEqual(n(), [0, 1]);
  p.trySemop(id, sops([1, 1]));
  await flush();
  assert.equal(x.value, 0);
  assert.deepEqual(p.semctl(id, 0, GETALL), [0, 0]);
});
