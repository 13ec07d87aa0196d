// Task agents on the real kernel, driven through the host backend: who shares an undo list (read with
// kcmp), blocking read from /proc, credentials and signal dispositions as the kernel shows them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { CAP_IPC_OWNER, GETVAL, IPC_CREAT, IPC_PRIVATE, SEM_UNDO, SIGUSR1 } from '../../src/abi/index.js';
import { hostSupport } from '../../src/host/host-support.js';
import { kcmpSysvsem } from '../../src/host/kcmp.js';
import { sleepsInSemop, threadIds } from '../../src/host/proc-task-state.js';
import type { Call, Ended } from '../../src/scenario/backend.js';
import { HostBackend } from '../../src/scenario/host/host-backend.js';
import { closeHostEnvironment } from '../../src/scenario/host/host-environment.js';

const support = await hostSupport();
if (!support.ok) console.error(`*** task agent tests SKIPPED: ${support.reason}`);
const skip = support.ok ? false : `host kernel unavailable: ${support.reason}`;

const UNDO_UP = { sem_num: 0, sem_op: 1, sem_flg: SEM_UNDO };

function status(pid: number, field: string): string {
  const m = new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? m[1]!.trim() : '';
}

describe('task agents', { skip }, () => {
  after(() => closeHostEnvironment());

  async function withBackend(fn: (b: HostBackend, call: (c: Call) => Promise<unknown>) => Promise<void>) {
    const b = new HostBackend();
    await b.begin();
    const ends: Ended[] = [];
    try {
      await fn(b, (c) => b.call(c, (e) => ends.push(e)));
    } finally {
      await b.close();
    }
  }

  it('share the undo list exactly as Linux tasks would', () =>
    withBackend(async (b, call) => {
      await call({ op: 'spawn', task: 'A', uid: 0, gid: 0, groups: [] });
      assert.deepEqual(
        await call({ op: 'semget', task: 'A', key: IPC_PRIVATE, nsems: 1, flags: IPC_CREAT | 0o666 }),
        { ret: 0 },
      );
      await call({ op: 'thread', task: 'T', from: 'A', sysvsem: true });
      await call({ op: 'thread', task: 'U', from: 'A', sysvsem: false });
      await call({ op: 'fork', task: 'C', from: 'A', sysvsem: true });
      await call({ op: 'fork', task: 'D', from: 'A', sysvsem: false });
      for (const task of ['A', 'T', 'U', 'C', 'D'])
        assert.deepEqual(await call({ op: 'semop', task, semid: 0, sops: [UNDO_UP] }), { ret: 0 });
      const tid = (t: string) => b.tid(t)!;
      assert.equal(kcmpSysvsem(tid('A'), tid('T')), 0, 'a thread shares its process list');
      assert.notEqual(kcmpSysvsem(tid('A'), tid('U')), 0, 'a thread that unshared CLONE_SYSVSEM does not');
      assert.equal(kcmpSysvsem(tid('A'), tid('C')), 0, 'clone(CLONE_SYSVSEM) shares it with a child process');
      assert.notEqual(kcmpSysvsem(tid('A'), tid('D')), 0, 'a plain fork does not');
      const own = new Set([tid('A'), tid('T'), tid('U')]);
      for (const t of threadIds(b.pid('A')!).filter((t) => !own.has(t)))
        assert.notEqual(
          kcmpSysvsem(tid('A'), t),
          0,
          `Node's own thread ${t} holds no share of the task's list`,
        );
    }));

  it('report a call blocked when the kernel shows the thread asleep in semop', () =>
    withBackend(async (b, call) => {
      await call({ op: 'spawn', task: 'A', uid: 0, gid: 0, groups: [] });
      await call({ op: 'semget', task: 'A', key: IPC_PRIVATE, nsems: 1, flags: IPC_CREAT | 0o666 });
      await call({ op: 'thread', task: 'T', from: 'A', sysvsem: true });
      const ended: Ended[] = [];
      const o = await b.call(
        { op: 'semop', task: 'T', semid: 0, sops: [{ sem_num: 0, sem_op: -1, sem_flg: 0 }] },
        (e) => ended.push(e),
      );
      assert.deepEqual(o, { blocked: true });
      assert.ok(sleepsInSemop(b.pid('T')!, b.tid('T')!));
      assert.deepEqual(await call({ op: 'semctl', task: 'A', semid: 0, semnum: 0, cmd: GETVAL }), { ret: 0 });
      await call({ op: 'semop', task: 'A', semid: 0, sops: [{ sem_num: 0, sem_op: 1, sem_flg: 0 }] });
      await b.settle(0);
      assert.deepEqual(ended, [{ ret: 0 }]);
    }));

  it('run with the credentials and dispositions the scenario gives', () =>
    withBackend(async (b, call) => {
      await call({ op: 'spawn', task: 'A', uid: 1000, gid: 1001, groups: [5, 6], caps: ['CAP_IPC_OWNER'] });
      const pid = b.pid('A')!;
      assert.equal(status(pid, 'Uid'), '1000\t1000\t1000\t1000');
      assert.equal(status(pid, 'Gid'), '1001\t1001\t1001\t1001');
      assert.equal(status(pid, 'Groups'), '5 6');
      assert.equal(BigInt(`0x${status(pid, 'CapEff')}`), 1n << BigInt(CAP_IPC_OWNER));
      await call({ op: 'sigaction', task: 'A', sig: SIGUSR1, action: 'catch' });
      assert.ok(BigInt(`0x${status(pid, 'SigCgt')}`) & (1n << BigInt(SIGUSR1 - 1)));
      await call({ op: 'fork', task: 'B', from: 'A', sysvsem: false });
      const child = b.pid('B')!;
      assert.equal(status(child, 'Uid'), '1000\t1000\t1000\t1000', 'fork copies the credentials');
      assert.ok(BigInt(`0x${status(child, 'SigCgt')}`) & (1n << BigInt(SIGUSR1 - 1)), 'and the dispositions');
      await call({ op: 'exit', task: 'B' });
      assert.equal(b.alive('B'), false);
      assert.deepEqual(await call({ op: 'semget', task: 'B', key: 0, nsems: 1, flags: 0 }), {
        errno: 'ESRCH',
      });
    }));

  it('leave no process behind', async () => {
    let pids: number[] = [];
    await withBackend(async (b, call) => {
      await call({ op: 'spawn', task: 'A', uid: 0, gid: 0, groups: [] });
      await call({ op: 'fork', task: 'C', from: 'A', sysvsem: true });
      await call({ op: 'semget', task: 'A', key: IPC_PRIVATE, nsems: 1, flags: IPC_CREAT | 0o666 });
      await b.call(
        { op: 'semop', task: 'C', semid: 0, sops: [{ sem_num: 0, sem_op: -1, sem_flg: 0 }] },
        () => {},
      );
      pids = [b.pid('A')!, b.pid('C')!];
    });
    for (const p of pids) assert.deepEqual(threadIds(p), [], `process ${p} is gone`);
  });
});
