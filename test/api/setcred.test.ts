// Task.setcred: the privilege checks of setgroups/setresgid/setresuid/capset, as ErrnoError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrnoError, IPC_CREAT, IPC_PRIVATE, IPC_STAT, createKernel } from '../../src/api/index.js';

const stat = (t: ReturnType<ReturnType<typeof createKernel>['spawn']>) => {
  const id = t.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  const { uid, gid } = (t.semctl(id, 0, IPC_STAT) as { sem_perm: { uid: number; gid: number } }).sem_perm;
  return [uid, gid];
};

test('an unprivileged change is EPERM from the call that refused it, and changes nothing', () => {
  const t = createKernel().spawn({ uid: 1000, gid: 1000 });
  assert.throws(
    () => t.setcred({ euid: 1001 }),
    (e: unknown) => e instanceof ErrnoError && e.code === 'EPERM' && e.syscall === 'setresuid',
  );
  assert.throws(() => t.setcred({ groups: [5] }), { code: 'EPERM', syscall: 'setgroups' });
  assert.throws(() => t.setcred({ egid: 5 }), { code: 'EPERM', syscall: 'setresgid' });
  assert.throws(() => t.setcred({ caps: ['CAP_SETUID'] }), { code: 'EPERM', syscall: 'capset' });
  assert.deepEqual(stat(t), [1000, 1000]);
});

test('the calls before the one that failed stay done', () => {
  const t = createKernel().spawn({ uid: 1000, gid: 1000, caps: ['CAP_SETGID'] });
  assert.throws(() => t.setcred({ gid: 3000, uid: 1001 }), { code: 'EPERM', syscall: 'setresuid' });
  assert.deepEqual(stat(t), [1000, 3000]);
});

test('root may change anything, then not come back', () => {
  const t = createKernel().spawn();
  t.setcred({ uid: 1000, gid: 1000, groups: [] });
  assert.deepEqual(stat(t), [1000, 1000]);
  assert.throws(() => t.setcred({ uid: 0 }), { code: 'EPERM' });
});
