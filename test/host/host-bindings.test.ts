// The libc bindings against the real kernel, each test on a thread in a fresh IPC namespace.
// Needs root; without it (or without System V IPC) every test is skipped, loudly.
import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CAP_IPC_OWNER,
  CLONE_SYSVSEM,
  EACCES,
  EAGAIN,
  EFAULT,
  EINVAL,
  EPERM,
  ERANGE,
  GETALL,
  GETNCNT,
  GETPID,
  GETVAL,
  GETZCNT,
  IPC_CREAT,
  IPC_INFO,
  IPC_NOWAIT,
  IPC_PRIVATE,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  SEM_INFO,
  SEM_STAT,
  SEM_STAT_ANY,
  SEM_UNDO,
  SETALL,
  SETVAL,
  SIGCHLD,
} from '../../src/abi/index.js';
import type { HostSemctlResult } from '../../src/host/semctl.js';
import { hostSupport } from '../../src/host/host-support.js';
import { NsThread } from './ns-thread-client.js';

const support = await hostSupport();
if (!support.ok) console.error(`*** host binding tests SKIPPED: ${support.reason}`);
const skip = support.ok ? false : `host kernel unavailable: ${support.reason}`;

const op = (sem_num: number, sem_op: number, sem_flg = 0) => ({ sem_num, sem_op, sem_flg });

describe('host bindings', { skip }, () => {
  let t: NsThread;
  before(async () => {
    t = await NsThread.start();
  });
  after(() => t.stop());

  const ctl = (id: number, num: number, cmd: number, arg?: unknown) =>
    t.call<HostSemctlResult>('semctl', id, num, cmd, arg);

  it('starts with id 0 in a fresh namespace', async () => {
    assert.equal(await t.call('semget', IPC_PRIVATE, 3, IPC_CREAT | 0o600), 0);
  });

  it('sets and gets values (SETVAL, SETALL, GETVAL, GETALL)', async () => {
    assert.deepEqual(await ctl(0, 1, SETVAL, 7), { ret: 0 });
    assert.deepEqual(await ctl(0, 1, GETVAL), { ret: 7 });
    assert.deepEqual(await ctl(0, 0, SETALL, [1, 2, 3]), { ret: 0 });
    assert.deepEqual(await ctl(0, 0, GETALL), { ret: 0, value: [1, 2, 3] });
    assert.deepEqual(await ctl(0, 0, SETVAL, 40000), { ret: -ERANGE });
    assert.deepEqual(await ctl(0, 0, SETALL, null), { ret: -EFAULT });
  });

  it('reads struct semid64_ds (IPC_STAT, SEM_STAT, SEM_STAT_ANY) and writes it (IPC_SET)', async () => {
    const st = await ctl(0, 0, IPC_STAT);
    assert.equal(st.ret, 0);
    const ds = st.value as { sem_perm: { mode: number; uid: number }; sem_nsems: number; sem_ctime: number };
    assert.equal(ds.sem_perm.mode, 0o600);
    assert.equal(ds.sem_nsems, 3);
    assert.ok(ds.sem_ctime > 0);
    assert.deepEqual(await ctl(0, 0, IPC_SET, { uid: 5, gid: 6, mode: 0o640 }), { ret: 0 });
    const byIndex = await ctl(0, 0, SEM_STAT);
    assert.equal(byIndex.ret, 0);
    assert.deepEqual((byIndex.value as { sem_perm: object }).sem_perm, {
      key: 0,
      uid: 5,
      gid: 6,
      cuid: 0,
      cgid: 0,
      mode: 0o640,
      seq: 0,
    });
    assert.equal((await ctl(0, 0, SEM_STAT_ANY)).ret, 0);
    assert.deepEqual(await ctl(0, 0, IPC_SET, null), { ret: -EFAULT });
  });

  it('reads struct seminfo (IPC_INFO, SEM_INFO)', async () => {
    const info = await ctl(0, 0, IPC_INFO);
    assert.equal((info.value as { semmsl: number }).semmsl, 32000);
    assert.equal((info.value as { semopm: number }).semopm, 500);
    const used = await ctl(0, 0, SEM_INFO);
    assert.equal((used.value as { semusz: number }).semusz, 1, 'SEM_INFO counts the sets in semusz');
    assert.equal((used.value as { semaem: number }).semaem, 3, 'and the semaphores in semaem');
  });

  it('does semop and semtimedop, with their errors', async () => {
    assert.equal(await t.call('semop', 0, [op(0, -1, SEM_UNDO)]), 0);
    assert.deepEqual(await ctl(0, 0, GETPID), { ret: process.pid });
    assert.equal(await t.call('semop', 0, [op(0, -1, IPC_NOWAIT)]), -EAGAIN);
    assert.equal(await t.call('semtimedop', 0, [op(0, -1)], { tv_sec: 0, tv_nsec: 1_000_000 }), -EAGAIN);
    assert.equal(await t.call('semtimedop', 0, [op(0, -1)], { tv_sec: 0, tv_nsec: 1_000_000_000 }), -EINVAL);
    assert.equal(await t.call('semop', 0, []), -EINVAL);
    assert.deepEqual(await ctl(0, 0, GETNCNT), { ret: 0 });
    assert.deepEqual(await ctl(0, 0, GETZCNT), { ret: 0 });
  });

  it('passes any command number through to the kernel', async () => {
    assert.deepEqual(await ctl(0, 0, 99), { ret: -EINVAL });
    assert.deepEqual(await ctl(0, 0, IPC_STAT | 0x100), { ret: -EINVAL });
  });

  it('removes a set (IPC_RMID)', async () => {
    assert.equal(await t.call('semget', IPC_PRIVATE, 1, IPC_CREAT | 0o600), 1);
    assert.deepEqual(await ctl(1, 0, IPC_RMID), { ret: 0 });
    assert.deepEqual(await ctl(1, 0, GETVAL), { ret: -EINVAL });
  });

  it('changes credentials of the calling thread only', async () => {
    const u = await NsThread.start();
    try {
      assert.equal(await u.call('semget', IPC_PRIVATE, 1, IPC_CREAT | 0o600), 0);
      const keep = await u.call<bigint>('capMask', [CAP_IPC_OWNER]);
      assert.equal(await u.call('changeThreadCred', { uid: 1000, gid: 1000, groups: [], caps: keep }), 0);
      const caps = await u.call<{ effective: bigint; permitted: bigint }>('capget');
      assert.equal(caps.effective, keep);
      assert.equal(caps.permitted, keep);
      assert.deepEqual(await u.call('semctl', 0, 0, GETVAL), { ret: 0 }, 'CAP_IPC_OWNER lets uid 1000 read');
      assert.equal(await u.call('changeThreadCred', { caps: 0n }), 0);
      assert.deepEqual(await u.call('semctl', 0, 0, GETVAL), { ret: -EACCES });
      assert.equal(process.geteuid!(), 0, 'the other threads keep their credentials');
      assert.deepEqual(await ctl(0, 0, GETVAL), { ret: 0 }, 'and the other thread is still root');
    } finally {
      await u.stop();
    }
  });

  it('keeps no capabilities after a change that failed at setresuid', async () => {
    const u = await NsThread.start();
    try {
      assert.equal(await u.call('changeThreadCred', { euid: 1000 }), 0);
      assert.equal(await u.call('changeThreadCred', { uid: 2000, caps: 0n }), -EPERM);
      assert.equal(await u.call('changeThreadCred', { uid: 1000 }), 0);
      const caps = await u.call<{ effective: bigint; permitted: bigint }>('capget');
      assert.equal(caps.permitted, 0n, 'dropping uid 0 cleared the permitted set');
    } finally {
      await u.stop();
    }
  });

  it('makes namespaces that are new and leaves the caller in its own', async () => {
    const own = readlinkSync('/proc/thread-self/ns/ipc');
    const u = await NsThread.start();
    try {
      assert.equal(await u.call('semget', IPC_PRIVATE, 1, IPC_CREAT | 0o600), 0, 'ids start again at 0');
      assert.equal(readlinkSync('/proc/thread-self/ns/ipc'), own);
    } finally {
      await u.stop();
    }
  });

  it('clones a process that shares the undo list (CLONE_SYSVSEM) and executes a program', async () => {
    const u = await NsThread.start();
    try {
      // This thread leaves the list Node's threads share and gets one of its own.
      assert.equal(await u.call('unshare', CLONE_SYSVSEM), 0);
      const id = await u.call<number>('semget', IPC_PRIVATE, 1, IPC_CREAT | 0o600);
      await u.call('semctl', id, 0, SETVAL, 5);
      assert.equal(await u.call('semop', id, [op(0, -1, SEM_UNDO)]), 0);
      const script = new URL('../../src/host/sem-syscalls.js', import.meta.url).pathname;
      const code = `import(${JSON.stringify(script)}).then((m) => process.exit(m.semop(${id}, [{ sem_num: 0, sem_op: -1, sem_flg: ${SEM_UNDO} }]) === 0 ? 0 : 1))`;
      const pid = await u.call<number>('cloneExec', CLONE_SYSVSEM | SIGCHLD, process.execPath, [
        process.execPath,
        '-e',
        code,
      ]);
      assert.ok(pid > 0);
      for (let i = 0; i < 500 && (await u.call('reapIfDead', pid)) !== pid; i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.notEqual(
        await u.call('kcmpSysvsem', u.tid, process.pid),
        0,
        'the thread no longer shares the process list',
      );
      assert.deepEqual(
        await u.call('semctl', id, 0, GETVAL),
        { ret: 3 },
        "the child's undo was not applied at its exit",
      );
      assert.equal(await u.call('unshare', CLONE_SYSVSEM), 0);
      assert.deepEqual(
        await u.call('semctl', id, 0, GETVAL),
        { ret: 5 },
        'the last holder applies both adjustments',
      );
    } finally {
      await u.stop();
    }
  });
});
