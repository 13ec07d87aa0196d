// Undo lists (spec 7): sharing, application at exit, clamping, clearing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLONE_SYSVSEM,
  GETPID,
  GETVAL,
  IPC_CREAT,
  IPC_PRIVATE,
  IPC_RMID,
  SEM_UNDO,
  SETVAL,
  SIGKILL,
} from '../../src/api/index.js';
import { flush, machine, sops, track } from '../helpers.js';

test('exit gives back SEM_UNDO adjustments, clamped to 0..32767 (U1)', () => {
  const { kernel } = machine();
  const p = kernel.init;
  const id = p.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o600);
  p.semctl(id, 0, SETVAL, 10);
  const c = kernel.spawn();
  c.trySemop(id, sops([0, -5, SEM_UNDO], [1, 30000, SEM_UNDO], [2, 1, SEM_UNDO]));
  c.trySemop(id, sops([2, -1, SEM_UNDO]));
  p.semctl(id, 0, SETVAL, 5);
  p.trySemop(id, sops([1, -30000]));
  c.exit();
  assert.equal(p.semctl(id, 0, GETVAL), 5);
  assert.equal(p.semctl(id, 1, GETVAL), 0);
  assert.equal(p.semctl(id, 1, GETPID), c.pid);
  assert.equal(p.semctl(id, 2, GETPID), c.pid); // from its own semop: adj 0 leaves sempid alone at exit
});

test('threads share the list; only the last holder applies it (U2)', () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  p.semctl(id, 0, SETVAL, 3);
  const t = p.thread();
  t.trySemop(id, sops([0, -1, SEM_UNDO]));
  t.exit();
  assert.equal(p.semctl(id, 0, GETVAL), 2);
  p.exit();
  assert.equal(kernel.init.semctl(id, 0, GETVAL), 3);
});

test('unshare(CLONE_SYSVSEM) applies the list in a single-threaded process (U4)', () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  p.semctl(id, 0, SETVAL, 3);
  p.trySemop(id, sops([0, -2, SEM_UNDO]));
  p.unshare(CLONE_SYSVSEM);
  assert.equal(p.semctl(id, 0, GETVAL), 3);
});

test('a fork child has no list; sysvsem sharing defers the undo to the last holder', () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  p.semctl(id, 0, SETVAL, 5);
  p.trySemop(id, sops([0, -1, SEM_UNDO]));
  const child = p.fork();
  child.trySemop(id, sops([0, -1, SEM_UNDO]));
  child.exit();
  assert.equal(p.semctl(id, 0, GETVAL), 4);
  const shared = p.fork({ sysvsem: true });
  shared.trySemop(id, sops([0, -1, SEM_UNDO]));
  shared.exit();
  assert.equal(p.semctl(id, 0, GETVAL), 3);
  p.exit();
  assert.equal(kernel.init.semctl(id, 0, GETVAL), 5);
});

test('SIGKILL of a holder wakes a sleeper with the value it gives back (U7)', async () => {
  const { kernel } = machine();
  const holder = kernel.spawn();
  const id = holder.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  holder.semctl(id, 0, SETVAL, 1);
  holder.trySemop(id, sops([0, -1, SEM_UNDO]));
  const waiter = kernel.spawn();
  const w = track(waiter.semop(id, sops([0, -1])));
  holder.kill(SIGKILL);
  await flush();
  assert.equal(w.value, 0);
  assert.equal(holder.alive, false);
  assert.equal(waiter.semctl(id, 0, GETPID), waiter.pid);
});

test('IPC_RMID invalidates undo entries and wakes sleepers with EIDRM', async () => {
  const { kernel } = machine();
  const p = kernel.spawn();
  const id = p.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  p.trySemop(id, sops([0, 1, SEM_UNDO]));
  const w = track(kernel.spawn().semop(id, sops([0, -2])));
  p.semctl(id, 0, IPC_RMID);
  await flush();
  assert.equal(w.code, 'EIDRM');
  assert.throws(() => p.trySemop(id, sops([0, 1, SEM_UNDO])), { code: 'EINVAL' });
  p.exit();
});
