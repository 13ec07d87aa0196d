// The public edge: TypeErrors for wrong types, ErrnoError for kernel refusals, nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrnoError, GETVAL, IPC_CREAT, IPC_PRIVATE, SETALL, createKernel } from '../../src/api/index.js';
import { sops } from '../helpers.js';

test('wrong JavaScript types are TypeErrors naming the argument', () => {
  const t = createKernel().spawn();
  assert.throws(() => t.semget('1' as unknown as number, 1, 0), { name: 'TypeError', message: /"key"/ });
  assert.throws(() => t.trySemop(0, 'x' as never), { name: 'TypeError', message: /"sops"/ });
  assert.throws(() => t.trySemop(0, [{ sem_num: 1.5, sem_op: 1, sem_flg: 0 }]), {
    name: 'TypeError',
    message: /sops\[0\]\.sem_num/,
  });
});

test('kernel refusals are ErrnoError with the kernel errno, Node-shaped', () => {
  const t = createKernel().spawn();
  try {
    t.semget(1234, 1, 0);
    assert.fail('semget should fail');
  } catch (e) {
    assert.ok(e instanceof ErrnoError);
    assert.equal(e.code, 'ENOENT');
    assert.equal(e.errno, -2);
    assert.equal(e.syscall, 'semget');
  }
});

test('a rejected SETALL changes nothing', () => {
  const t = createKernel().spawn();
  const id = t.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o600);
  t.trySemop(id, sops([0, 3]));
  assert.throws(() => t.semctl(id, 0, SETALL, [1, 40000]), { code: 'ERANGE' });
  assert.equal(t.semctl(id, 0, GETVAL), 3);
});
