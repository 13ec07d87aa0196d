// A task (process or thread) of the model, as users drive it: one method per system call.
import { CAPABILITIES, ESRCH, IPC_SET, O_RDONLY, O_WRONLY, SETALL, type Sembuf } from '../abi/index.js';
import { expireWaiter, type KernelState, type Task as KTask, type Waiter } from '../kernel/index.js';
import {
  sysClone,
  sysCloneThreadOwnUndo,
  sysExecve,
  sysExit,
  sysExitGroup,
  sysKill,
  sysSemctl,
  sysSemget,
  sysSemtimedop,
  sysSetcredCalls,
  sysSetnsIpc,
  sysSigaction,
  sysUnshare,
  type SemctlValue,
} from '../syscalls/index.js';
import { ErrnoError, check } from './errno-error.js';
import type { FdTable } from './file-table.js';
import type { Credentials, SignalAction } from './types.js';
import { cInt, intArg, semidDsSetArg, sopsArg, timeoutArg, valuesArg } from './validate.js';

/** What a Task needs from its machine. */
export interface TaskHost {
  readonly state: KernelState;
  wrap(t: KTask): Task;
  fdTable(t: KTask): FdTable;
}

const NOWAIT = { nowait: true } as const;

export function capNumbers(caps: readonly string[] | undefined): number[] | undefined {
  if (caps === undefined) return undefined;
  if (!Array.isArray(caps)) throw new TypeError('The "caps" argument must be an array of capability names');
  return caps.map((c) => {
    const n = CAPABILITIES[c];
    if (n === undefined) throw new TypeError(`Unknown capability "${String(c)}"`);
    return n;
  });
}

export class Task {
  private pending: Promise<0> | null = null;

  constructor(
    private readonly host: TaskHost,
    /** The kernel's task. */
    readonly k: KTask,
  ) {}

  /** Process id (thread group id). */
  get pid(): number {
    return this.k.tgid;
  }
  /** Thread id. */
  get tid(): number {
    return this.k.tid;
  }
  get alive(): boolean {
    return this.k.alive;
  }
  get stopped(): boolean {
    return this.k.process.stopped;
  }
  /** True while a semop/semtimedop of this task sleeps. */
  get blocked(): boolean {
    return this.k.waiter !== null || this.k.heldWaiter !== null;
  }

  private live(syscall: string): KTask {
    if (!this.k.alive) throw new ErrnoError(-ESRCH, syscall, `(task ${this.k.tid} has exited)`);
    if (this.blocked) {
      const e = new Error(`task ${this.k.tid} is asleep in semop and cannot make another call`);
      (e as Error & { code: string }).code = 'ERR_TASK_BLOCKED';
      throw e;
    }
    return this.k;
  }

  semget(key: number, nsems: number, semflg: number): number {
    const k = this.live('semget');
    return check(
      sysSemget(this.host.state, k, cInt('key', key), cInt('nsems', nsems), cInt('semflg', semflg)),
      'semget',
    );
  }

  /** semop that never sleeps: a call that would block fails with EAGAIN. */
  trySemop(semid: number, sops: readonly Sembuf[]): 0 {
    const k = this.live('semop');
    const r = sysSemtimedop(this.host.state, k, cInt('semid', semid), sopsArg(sops), NOWAIT);
    if (r !== 0) throw new ErrnoError(r as number, 'semop');
    return 0;
  }

  semop(semid: number, sops: readonly Sembuf[]): Promise<0> {
    return this.sleepable('semop', semid, sops, undefined);
  }

  /** timeout: nanoseconds (number or bigint; negative is an invalid timespec), {tv_sec, tv_nsec}, or null. */
  semtimedop(semid: number, sops: readonly Sembuf[], timeout: number | bigint | object | null): Promise<0> {
    return this.sleepable('semtimedop', semid, sops, timeout);
  }

  private sleepable(syscall: string, semid: number, sops: readonly Sembuf[], timeout: unknown): Promise<0> {
    try {
      const k = this.live(syscall);
      const t = syscall === 'semtimedop' ? timeoutArg(timeout) : null;
      const r = sysSemtimedop(this.host.state, k, cInt('semid', semid), sopsArg(sops), { timeout: t });
      if (typeof r === 'number')
        return r === 0 ? Promise.resolve(0) : Promise.reject(new ErrnoError(r, syscall));
      return this.await(r, syscall);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The promise of this task's sleeping semop or semtimedop (also of one restored from an image), or null. */
  get blockedCall(): Promise<0> | null {
    return this.blocked ? this.pending : null;
  }

  /** A restored machine's sleeping call (or held result) gets its promise and its timer. */
  adoptRestoredCall(): void {
    const w = this.k.waiter ?? this.k.heldWaiter;
    if (!w || w.onFinish) return;
    this.await(w, w.deadlineNs === null ? 'semop' : 'semtimedop').catch(() => undefined);
  }

  private await(w: Waiter, syscall: string): Promise<0> {
    const clock = this.host.state.clock;
    return (this.pending = new Promise<0>((resolve, reject) => {
      const timer = w.deadlineNs !== null ? clock.setTimer(w.deadlineNs, () => expireWaiter(w)) : null;
      w.onFinish = (status) => {
        if (timer) clock.clearTimer(timer);
        if (status === 0) resolve(0);
        else reject(new ErrnoError(status, syscall));
      };
    }));
  }

  semctl(semid: number, semnum: number, cmd: number, arg?: unknown): SemctlValue {
    const k = this.live('semctl');
    const c = cInt('cmd', cmd);
    const a =
      c === SETALL
        ? valuesArg(arg)
        : c === IPC_SET
          ? semidDsSetArg(arg)
          : arg === undefined
            ? undefined
            : cIntArg(arg);
    return check(sysSemctl(this.host.state, k, cInt('semid', semid), cInt('semnum', semnum), c, a), 'semctl');
  }

  fork(opts: { sysvsem?: boolean; newipc?: boolean } = {}): Task {
    const k = this.live('clone');
    const r = sysClone(this.host.state, k, { thread: false, sysvsem: !!opts.sysvsem, newipc: !!opts.newipc });
    return this.host.wrap(check(r, 'clone') as KTask);
  }

  thread(opts: { sysvsem?: boolean } = {}): Task {
    const k = this.live('clone');
    if (opts.sysvsem === false) return this.host.wrap(sysCloneThreadOwnUndo(this.host.state, k));
    return this.host.wrap(
      check(sysClone(this.host.state, k, { thread: true, sysvsem: true }), 'clone') as KTask,
    );
  }

  /**
   * Changes credentials as setgroups, setresgid, setresuid and capset would, in that order (uid sets the
   * real uid, euid or else uid the effective and saved ones). The first call that fails throws its
   * ErrnoError (EPERM without the privilege); the calls before it stay done.
   */
  setcred(c: Credentials): void {
    const k = this.live('setresuid');
    const id = (name: string, v: number | undefined) =>
      v === undefined ? undefined : intArg(name, v, 0, 0xfffffffe);
    const r = sysSetcredCalls(k, {
      uid: id('uid', c.uid),
      gid: id('gid', c.gid),
      euid: id('euid', c.euid),
      egid: id('egid', c.egid),
      groups: c.groups?.map((g, i) => intArg(`groups[${i}]`, g, 0, 0xfffffffe)),
      caps: capNumbers(c.caps),
    });
    if (r !== 0) throw new ErrnoError(r.errno, r.syscall);
  }

  unshare(flags: number): void {
    check(sysUnshare(this.host.state, this.live('unshare'), cInt('flags', flags)), 'unshare');
  }

  /** setns() into the IPC namespace of `other` (as with /proc/<pid>/ns/ipc); detaches the undo list. */
  setns(other: Task): void {
    if (!(other instanceof Task)) throw new TypeError('The "other" argument must be a Task');
    if (!other.k.alive) throw new ErrnoError(-ESRCH, 'setns');
    check(sysSetnsIpc(this.host.state, this.live('setns'), other.k), 'setns');
  }

  sigaction(sig: number, action: SignalAction): void {
    if (action !== 'catch' && action !== 'ignore' && action !== 'default')
      throw new TypeError(`The "action" argument must be 'catch', 'ignore' or 'default'`);
    check(sysSigaction(this.live('rt_sigaction'), cInt('sig', sig), action), 'rt_sigaction');
  }

  /** Sends `sig` to this task's process (as kill(pid, sig) from outside would). */
  kill(sig: number): void {
    check(sysKill(this.host.state, null, this.pid, cInt('sig', sig)), 'kill');
  }

  /** A process's main task ends the whole process (exit_group); a thread ends alone. */
  exit(): void {
    if (!this.k.alive) return;
    if (this.k.tid === this.k.tgid) sysExitGroup(this.host.state, this.k);
    else sysExit(this.host.state, this.k);
  }

  exec(): void {
    sysExecve(this.host.state, this.live('execve'));
  }

  open(path: string, flags: number = O_RDONLY): number {
    if (typeof path !== 'string') throw new TypeError('The "path" argument must be of type string');
    const k = this.live('open');
    return check(this.host.fdTable(k).open(k, path, cInt('flags', flags)), 'open');
  }

  read(fd: number, count: number): string {
    const k = this.live('read');
    return check(
      this.host.fdTable(k).read(cInt('fd', fd), intArg('count', count, 0, 0x7ffff000)),
      'read',
    ) as string;
  }

  write(fd: number, data: string): number {
    if (typeof data !== 'string') throw new TypeError('The "data" argument must be of type string');
    const k = this.live('write');
    return check(this.host.fdTable(k).write(cInt('fd', fd), data), 'write');
  }

  lseek(fd: number, offset: number, whence: number): number {
    const k = this.live('lseek');
    return check(
      this.host.fdTable(k).lseek(cInt('fd', fd), intArg('offset', offset, -(2 ** 53), 2 ** 53), whence),
      'lseek',
    );
  }

  close(fd: number): void {
    const k = this.live('close');
    check(this.host.fdTable(k).close(cInt('fd', fd)), 'close');
  }

  readFile(path: string): string {
    const fd = this.open(path, O_RDONLY);
    try {
      let out = '';
      for (let chunk = this.read(fd, 65536); chunk.length > 0; chunk = this.read(fd, 65536)) out += chunk;
      return out;
    } finally {
      this.close(fd);
    }
  }

  writeFile(path: string, data: string): number {
    const fd = this.open(path, O_WRONLY);
    try {
      return this.write(fd, data);
    } finally {
      this.close(fd);
    }
  }
}

function cIntArg(arg: unknown): number {
  return typeof arg === 'number' && Number.isInteger(arg) ? arg : cInt('arg', arg);
}
