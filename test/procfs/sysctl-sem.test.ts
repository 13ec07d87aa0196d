// /proc/sys/kernel/sem and sem_next_id: Linux's integer-vector parsing and its partial updates (spec 8.2, 8.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKernel } from '../../src/api/index.js';

const SEM = '/proc/sys/kernel/sem';

test('reads the four limits tab-separated', () => {
  assert.equal(createKernel().init.readFile(SEM), '32000\t1024000000\t500\t32000\n');
});

test('a prefix of values updates a prefix; extra values are not consumed', () => {
  const t = createKernel().init;
  assert.equal(t.writeFile(SEM, '12\n'), 3);
  assert.equal(t.readFile(SEM), '12\t1024000000\t500\t32000\n');
  assert.equal(t.writeFile(SEM, '1 2 3 4 5\n'), 8);
  assert.equal(t.readFile(SEM), '1\t2\t3\t4\n');
  assert.equal(t.writeFile(SEM, '0x10 -5 7 9'), 11);
  assert.equal(t.readFile(SEM), '16\t-5\t7\t9\n');
});

test('garbage after good values: EINVAL, the good values stay', () => {
  const t = createKernel().init;
  assert.throws(() => t.writeFile(SEM, '9 10 x 12'), { code: 'EINVAL' });
  assert.equal(t.readFile(SEM), '9\t10\t500\t32000\n');
  assert.throws(() => t.writeFile(SEM, '12abc'), { code: 'EINVAL' });
  assert.throws(() => t.writeFile(SEM, '   '), { code: 'EINVAL' });
});

test('SEMMNI out of 0..32768: ERANGE, SEMMNI kept, the others written', () => {
  const t = createKernel().init;
  assert.throws(() => t.writeFile(SEM, '11 21 6 40000'), { code: 'ERANGE' });
  assert.equal(t.readFile(SEM), '11\t21\t6\t32000\n');
  assert.throws(() => t.writeFile(SEM, '-5 -5 -5 -1'), { code: 'ERANGE' });
  assert.equal(t.readFile(SEM), '-5\t-5\t-5\t32000\n');
  assert.equal(t.writeFile(SEM, '1 1 1 32768'), 11);
});

test('only euid 0 may write; sem_next_id needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN', () => {
  const k = createKernel();
  const user = k.spawn({ uid: 1000 });
  assert.throws(() => user.writeFile(SEM, '1'), { code: 'EACCES' });
  assert.equal(user.readFile('/proc/sys/kernel/sem_next_id'), '-1\n');
  assert.throws(() => user.writeFile('/proc/sys/kernel/sem_next_id', '5'), { code: 'EACCES' });
  const cr = k.spawn({ uid: 1000, caps: ['CAP_CHECKPOINT_RESTORE'] });
  assert.equal(cr.writeFile('/proc/sys/kernel/sem_next_id', '5'), 1);
  const rootNoCaps = k.spawn({ uid: 0, caps: [] });
  assert.throws(() => rootNoCaps.writeFile('/proc/sys/kernel/sem_next_id', '5'), { code: 'EACCES' });
});

test('sem_next_id: 0..INT_MAX, consumed by the next creation', () => {
  const t = createKernel().init;
  const F = '/proc/sys/kernel/sem_next_id';
  assert.throws(() => t.writeFile(F, '-1'), { code: 'EINVAL' });
  assert.throws(() => t.writeFile(F, '2147483648'), { code: 'EINVAL' });
  t.writeFile(F, '98309');
  assert.equal(t.readFile(F), '98309\n');
  assert.equal(t.semget(0, 1, 0o1600), 98309);
  assert.equal(t.readFile(F), '-1\n');
  assert.equal(t.semget(0, 1, 0o1600), 0);
});
