// The model backend: the scenario's tasks are tasks of a fresh model kernel with a manual clock, driven
// through the public API; a call that sleeps is a pending promise.
import { IPC_STAT, O_RDONLY } from '../../abi/index.js';
import {
  ErrnoError,
  ManualClock,
  createKernel,
  type CapName,
  type Kernel,
  type Task,
} from '../../api/index.js';
import type { Backend, Call, Ended, Outcome } from '../backend.js';

/** Lets every promise that can settle, settle. */
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

function failure(e: unknown): Ended {
  if (e instanceof ErrnoError) return { errno: e.code };
  throw e;
}

export class ModelBackend implements Backend {
  readonly name = 'model' as const;
  readonly notes: readonly string[] = [];
  private readonly clock = new ManualClock();
  private readonly kernel: Kernel = createKernel({ clock: this.clock });
  private readonly tasks = new Map<string, Task>();

  async begin(): Promise<void> {}

  pid(task: string): number | undefined {
    return this.tasks.get(task)?.pid;
  }

  tid(task: string): number | undefined {
    return this.tasks.get(task)?.tid;
  }

  alive(task: string): boolean {
    return this.tasks.get(task)?.alive ?? false;
  }

  stopped(task: string): boolean {
    return this.tasks.get(task)?.stopped ?? false;
  }

  async settle(ms: number): Promise<void> {
    await flush();
    if (ms > 0) {
      this.clock.advance(BigInt(ms) * 1_000_000n);
      await flush();
    }
  }

  async close(): Promise<void> {
    for (const t of this.tasks.values()) if (t.alive && t.tid === t.pid) t.exit();
    await flush();
  }

  async call(c: Call, onEnd: (e: Ended) => void): Promise<Outcome> {
    try {
      if (c.op === 'semop' || c.op === 'semtimedop') return await this.sleepable(c, onEnd);
      return this.sync(c);
    } catch (e) {
      return failure(e);
    }
  }

  private task(label: string): Task {
    const t = this.tasks.get(label);
    if (!t) throw new Error(`model: no task ${label}`);
    return t;
  }

  private async sleepable(
    c: Call & { op: 'semop' | 'semtimedop' },
    onEnd: (e: Ended) => void,
  ): Promise<Outcome> {
    const t = this.task(c.task);
    const p = c.op === 'semop' ? t.semop(c.semid, c.sops) : t.semtimedop(c.semid, c.sops, c.timeout);
    let done: Outcome | null = null;
    let blocked = false;
    p.then(
      () => (blocked ? onEnd({ ret: 0 }) : (done = { ret: 0 })),
      (e: unknown) => (blocked ? onEnd(failure(e)) : (done = failure(e))),
    );
    await flush();
    if (done === null && c.op === 'semtimedop' && c.shortNs !== null) {
      // A short timeout is waited for: its time passes now.
      this.clock.advance(c.shortNs);
      await flush();
    }
    if (done !== null) return done;
    blocked = true;
    return { blocked: true };
  }

  private sync(c: Exclude<Call, { op: 'semop' | 'semtimedop' }>): Outcome {
    switch (c.op) {
      case 'spawn': {
        const caps = c.caps as CapName[] | undefined;
        this.tasks.set(
          c.task,
          this.kernel.spawn({ uid: c.uid, gid: c.gid, groups: c.groups, ...(caps && { caps }) }),
        );
        return { ret: 0 };
      }
      case 'fork':
        this.tasks.set(c.task, this.task(c.from).fork({ sysvsem: c.sysvsem }));
        return { ret: 0 };
      case 'thread':
        this.tasks.set(c.task, this.task(c.from).thread({ sysvsem: c.sysvsem }));
        return { ret: 0 };
      case 'setcred': {
        const { op: _op, task, ...cred } = c;
        this.task(task).setcred(cred as Parameters<Task['setcred']>[0]);
        return { ret: 0 };
      }
      case 'semget':
        return { ret: this.task(c.task).semget(c.key, c.nsems, c.flags) };
      case 'semctl': {
        const v = this.task(c.task).semctl(c.semid, c.semnum, c.cmd, c.arg);
        if (typeof v === 'number') return { ret: v };
        if (Array.isArray(v)) return { ret: 0, value: v };
        if ('info' in v) return { ret: v.ret, value: v.info };
        return { ret: c.cmd === IPC_STAT ? 0 : v.id, value: v };
      }
      case 'unshare':
        this.task(c.task).unshare(c.flags);
        return { ret: 0 };
      case 'sigaction':
        this.task(c.task).sigaction(c.sig, c.action);
        return { ret: 0 };
      case 'kill':
        this.task(c.task).kill(c.sig);
        return { ret: 0 };
      case 'exit':
        this.task(c.task).exit();
        return { ret: 0 };
      case 'exec':
        this.task(c.task).exec();
        return { ret: 0 };
      case 'read':
        return this.read(this.task(c.task), c.path, c.chunk ?? 65536);
      case 'write':
        return { ret: this.task(c.task).writeFile(c.path, c.data) };
    }
  }

  private read(t: Task, path: string, chunk: number): Outcome {
    const fd = t.open(path, O_RDONLY);
    try {
      let text = '';
      for (let s = t.read(fd, chunk); s.length > 0; s = t.read(fd, chunk)) text += s;
      return { ret: text.length, value: text };
    } finally {
      t.close(fd);
    }
  }
}
