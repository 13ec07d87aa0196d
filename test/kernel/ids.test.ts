// Id composition and cyclic allocation (spec 2.2, 2.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IPC_CREAT, IPC_PRIVATE, IPC_RMID, createKernel } from '../../src/api/index.js';

test('create/remove cycles through 64 indices, then bumps the sequence', () => {
  const t = createKernel().init;
  const ids: number[] = [];
  for (let i = 0; i < 66; i++) {
    const id = t.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    ids.push(id);
    t.semctl(id, 0, IPC_RMID);
  }
  assert.deepEqual(ids.slice(0, 3), [0, 1, 2]);
  assert.equal(ids[63], 63);
  assert.deepEqual(ids.slice(64), [32768, 32769]);
});

test('with 100 sets alive the range grows past 64', () => {
  const t = createKernel().init;
  for (let i = 0; i < 100; i++) t.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  const id = t.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  assert.equal(id, 100);
});

test('sem_next_id takes the lowest free index at or above the request, with its sequence', () => {
  const t = createKernel().init;
  for (let i = 0; i < 6; i++) t.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  t.writeFile('/proc/sys/kernel/sem_next_id', String(7 * 32768 + 5));
  assert.equal(t.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600), 7 * 32768 + 6);
  assert.equal(t.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600), 7);
});

test('a failed semget leaves a pending sem_next_id alone', () => {
  const t = createKernel().init;
  t.semget(42, 1, IPC_CREAT | 0o600);
  t.writeFile('/proc/sys/kernel/sem_next_id', '77');
  assert.throws(() => t.semget(42, 1, IPC_CREAT | 0o2000 | 0o600), { code: 'EEXIST' });
  assert.throws(() => t.semget(43, 1, 0), { code: 'ENOENT' });
  assert.throws(() => t.semget(IPC_PRIVATE, 0, IPC_CREAT), { code: 'EINVAL' });
  assert.equal(t.readFile('/proc/sys/kernel/sem_next_id'), '77\n');
});
