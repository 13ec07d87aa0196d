// A deliberately simple reference model of System V semaphores, written from the pseudo-code of
// /work/shared/spec/linux-semantics.md (2.2 ids, 3.1 semget, 4 permissions, 5.1-5.9 semop, 6 semctl,
// 7 undo) and nothing else: plain arrays, one arrival-ordered list of sleeping calls per set, and no
// code shared with src/kernel. It interprets the same Scenario as kernel-driver.ts and reports the
// same observations, so the two can be compared step by step.
//
// Queues. The kernel keeps per-semaphore FIFOs and set-wide FIFOs, merging the per-semaphore alter
// FIFOs into the set-wide one when a complex (nsops > 1) call goes to sleep and splitting them again
// when none is left (5.4). Here every sleeping call of a set sits in one list in arrival order; each
// kernel queue is the sub-list of the calls the kernel would have put there, and the spec's analysis
// (5.4) says the merge order is not observable. What is reproduced exactly is *how* the alter waiters
// are scanned (5.5): per semaphore, without restart, while the set-wide alter queue is empty; all of
// them, restarting from the head after each success, while it is not. The set-wide alter queue is
// non-empty exactly when `merged` (a complex call arrived and the set was not unlocked since the last
// one left) and some alter waiter sleeps.
//
// Not in the spec, taken from the public API's documented behaviour instead: trySemop fails EAGAIN
// where a call would sleep; a SETALL array shorter than the set is EFAULT (the C copy-in would fault);
// a caught signal goes to the main thread if it lives, else to the first other live thread, and
// interrupts that thread's semop only; SIGSTOP takes every sleeping call of the process off its queue
// and SIGCONT ends it with EINTR (5.4); a stopped process makes no calls; execve ends the other
// threads, keeps the undo list (7.1) and resets caught signals.
import {
  pickTask,
  resolveSet,
  type Cmd,
  type Done,
  type Res,
  type Scenario,
  type SetSnap,
  type Snap,
  type Sop,
  type StepObs,
} from './scenario.js';

// Constants of spec section 1.1 (written out here on purpose: no import from src/).
const SEMVMX = 32767;
const IPC_CREAT = 0o1000;
const IPC_EXCL = 0o2000;
const IPC_NOWAIT = 0o4000;
const SEM_UNDO = 0x1000;
const GETPID = 11;
const GETVAL = 12;
const GETALL = 13;
const GETNCNT = 14;
const GETZCNT = 15;
const IPC_STAT = 2;
const SEMOPM = 500;
const SEMMSL = 32000;
const SIGKILL = 9;
const SIGUSR1 = 10;
const SIGTERM = 15;
const SIGCONT = 18;
const SIGSTOP = 19;
const REALTIME_START_NS = 1_800_000_000n * 1_000_000_000n; // ManualClock's default wall clock

type Outcome = 'ok' | 'ERANGE' | 'EAGAIN' | { sleepAt: number };

class RSet {
  removed = false;
  vals: number[];
  pids: number[];
  otimes: number[];
  /** Every sleeping call on this set, in arrival order. */
  waiters: RWaiter[] = [];
  /** The per-semaphore alter queues are merged into the set-wide one (spec 5.4 merge/unmerge). */
  merged = false;
  /** Undo entries that refer to this set. */
  entries = new Set<REntry>();

  constructor(
    public id: number,
    public key: number,
    public nsems: number,
    public mode: number,
    public uid: number,
    public gid: number,
    public cuid: number,
    public cgid: number,
    public ctime: number,
  ) {
    this.vals = new Array<number>(nsems).fill(0);
    this.pids = new Array<number>(nsems).fill(0);
    this.otimes = new Array<number>(nsems).fill(0);
  }

  get idx(): number {
    return this.id % 32768;
  }
  complexCount(): number {
    return this.waiters.filter((w) => w.sops.length > 1).length;
  }
  alterWaiters(): RWaiter[] {
    return this.waiters.filter((w) => w.alter);
  }
  /** The kernel's "set.alterQ not empty": global scanning mode. */
  globalMode(): boolean {
    return this.merged && this.alterWaiters().length > 0;
  }
}

class RWaiter {
  blocking: number;
  constructor(
    readonly call: number,
    readonly task: RTask,
    readonly set: RSet,
    readonly sops: readonly Sop[],
    readonly undo: REntry | null,
    readonly pid: number,
    blocking: number,
    readonly deadline: bigint | null,
    readonly seq: number,
  ) {
    this.blocking = blocking;
  }
  get alter(): boolean {
    return this.sops.some((s) => s.op !== 0);
  }
}

class REntry {
  list: RList | null = null;
  constructor(
    public semid: number,
    public set: RSet | null,
    public adj: number[],
  ) {}
}

class RList {
  refcnt = 1;
  /** Front (most recently used) first. */
  entries: REntry[] = [];
}

class RProc {
  threads: RTask[] = [];
  stopped = false;
  alive = true;
  catches = new Set<number>();
  constructor(readonly tgid: number) {}
}

class RTask {
  alive = true;
  tid: number;
  list: RList | null = null;
  waiter: RWaiter | null = null;
  /** A sleeping call interrupted by SIGSTOP: it ends (EINTR) at SIGCONT. */
  held: RWaiter | null = null;
  constructor(
    tid: number,
    readonly proc: RProc,
    readonly uid: number,
  ) {
    this.tid = tid;
  }
  get root(): boolean {
    return this.uid === 0;
  }
}

export class ReferenceModel {
  private mono = 0n;
  /** CLOCK_REALTIME - CLOCK_MONOTONIC, in ns. */
  private realOffset = REALTIME_START_NS;
  private lastPid = 0;
  private sleepSeq = 0;
  // IPC namespace (spec 1.3, 2.2)
  private slots = new Map<number, RSet>();
  private keys = new Map<number, RSet>();
  private inUse = 0;
  private seq = 0;
  private lastIdx = -1;
  private nextCursor = 0;
  private maxIdx = -1;
  private usedSems = 0;

  readonly tasks: RTask[] = [];
  readonly ids: number[] = [];
  private live: number[] = [];
  private done: Done[] = [];

  constructor(readonly scenario: Scenario) {
    this.lastPid = 1; // pid 1 is init
    const obs = this.newProcess(0);
    this.tasks.push(obs);
    for (const uid of scenario.setup.uids) {
      const t = this.newProcess(uid);
      t.proc.catches.add(SIGUSR1);
      this.tasks.push(t);
    }
    const n = scenario.setup.uids.length;
    for (const s of scenario.setup.sets) {
      const id = this.semget(this.tasks[1 + (s.creator % n)]!, 0, s.nsems, IPC_CREAT | s.mode) as number;
      this.ids.push(id);
      this.live.push(id);
      this.semctlSetall(obs, id, s.vals);
    }
    this.done = [];
  }

  private now(): number {
    return Number((this.mono + this.realOffset) / 1_000_000_000n);
  }

  private newProcess(uid: number): RTask {
    const pid = ++this.lastPid;
    const p = new RProc(pid);
    const t = new RTask(pid, p, uid);
    p.threads.push(t);
    return t;
  }

  // ---------------------------------------------------------------- ids and lookup (2.1, 2.2, 2.4)

  private lookup(id: number): RSet | undefined {
    const s = this.slots.get(id % 32768);
    return s && s.id === id ? s : undefined;
  }

  private allocate(set: RSet): void {
    const rangeEnd = Math.min(Math.max(Math.floor((this.inUse * 3) / 2), 64), 32768);
    let idx = -1;
    for (let i = this.nextCursor; i < rangeEnd && idx < 0; i++) if (!this.slots.has(i)) idx = i;
    for (let i = 0; i < rangeEnd && idx < 0; i++) if (!this.slots.has(i)) idx = i;
    this.nextCursor = idx + 1;
    if (idx <= this.lastIdx) {
      this.seq += 1;
      if (this.seq >= 65535) this.seq = 0;
    }
    this.lastIdx = idx;
    set.id = this.seq * 32768 + idx;
    this.slots.set(idx, set);
    this.maxIdx = Math.max(this.maxIdx, idx);
  }

  // ---------------------------------------------------------------- permissions (4)

  private perm(t: RTask, set: RSet, requested: number): boolean {
    const req = ((requested >> 6) | (requested >> 3) | requested) & 7;
    let granted = set.mode;
    if (t.uid === set.cuid || t.uid === set.uid) granted >>= 6;
    else if (t.uid === set.cgid || t.uid === set.gid) granted >>= 3; // gid == uid for every task here
    return (req & ~granted & 7) === 0 || t.root;
  }

  private owner(t: RTask, set: RSet): boolean {
    return t.uid === set.cuid || t.uid === set.uid || t.root;
  }

  // ---------------------------------------------------------------- semget (3.1)

  private semget(t: RTask, key: number, nsems: number, semflg: number): number | string {
    if (nsems < 0 || nsems > SEMMSL) return 'EINVAL';
    if (key !== 0) {
      const set = this.keys.get(key);
      if (set) {
        if (semflg & IPC_CREAT && semflg & IPC_EXCL) return 'EEXIST';
        if (nsems > set.nsems) return 'EINVAL';
        if (!this.perm(t, set, semflg)) return 'EACCES';
        return set.id;
      }
      if (!(semflg & IPC_CREAT)) return 'ENOENT';
    }
    if (nsems === 0) return 'EINVAL';
    const set = new RSet(-1, key, nsems, semflg & 0o777, t.uid, t.uid, t.uid, t.uid, this.now());
    this.allocate(set);
    if (key !== 0) this.keys.set(key, set);
    this.usedSems += nsems;
    this.inUse += 1;
    return set.id;
  }

  // ---------------------------------------------------------------- the atomic try (5.2)

  /** Applies `sops` sequentially on scratch copies; commits only if every sop succeeds. */
  private try(set: RSet, sops: readonly Sop[], undo: REntry | null, pid: number, w: RWaiter | null): Outcome {
    const vals = set.vals.slice();
    const adj = undo ? undo.adj.slice() : null;
    for (let k = 0; k < sops.length; k++) {
      const s = sops[k]!;
      const v = vals[s.num]!;
      if ((s.op === 0 && v !== 0) || v + s.op < 0) {
        if (w) w.blocking = k;
        return s.flg & IPC_NOWAIT ? 'EAGAIN' : { sleepAt: k };
      }
      const r = v + s.op;
      if (r > SEMVMX) return 'ERANGE';
      if (s.flg & SEM_UNDO) {
        const a = adj![s.num]! - s.op;
        if (a < -32768 || a > 32767) return 'ERANGE';
        adj![s.num] = a;
      }
      vals[s.num] = r;
    }
    set.vals = vals;
    if (undo) undo.adj = adj!;
    for (const s of sops) set.pids[s.num] = pid;
    return 'ok';
  }

  // ---------------------------------------------------------------- wake-up (5.5)

  private finish(w: RWaiter, res: 'ok' | string): void {
    this.remove(w);
    w.task.waiter = null;
    this.done.push({ call: w.call, res: res === 'ok' ? 0 : res });
  }

  private remove(w: RWaiter): void {
    const i = w.set.waiters.indexOf(w);
    if (i >= 0) w.set.waiters.splice(i, 1);
  }

  /** sem_unlock: the per-semaphore queues come back once no complex call sleeps (5.4 unmerge). */
  private unlock(set: RSet): void {
    if (set.complexCount() === 0) set.merged = false;
  }

  private retry(w: RWaiter): Outcome {
    return this.try(w.set, w.sops, w.undo, w.pid, w);
  }

  private wakeConst(list: RWaiter[]): boolean {
    let completed = false;
    for (const w of list) {
      const r = this.retry(w);
      if (typeof r === 'object') continue;
      this.finish(w, r);
      if (r === 'ok') completed = true;
    }
    return completed;
  }

  /** sops null = ALL. */
  private wakeZero(set: RSet, sops: readonly Sop[] | null): boolean {
    let gotZero = false;
    let completed = false;
    const nums = sops ? sops.map((s) => s.num) : set.vals.map((_, i) => i);
    for (const num of nums) {
      if (set.vals[num] !== 0) continue;
      gotZero = true;
      const simpleConst = set.waiters.filter(
        (w) => w.sops.length === 1 && !w.alter && w.sops[0]!.num === num,
      );
      if (this.wakeConst(simpleConst)) completed = true;
    }
    if (gotZero) {
      const complexConst = set.waiters.filter((w) => w.sops.length > 1 && !w.alter);
      if (this.wakeConst(complexConst)) completed = true;
    }
    return completed;
  }

  /** update_queue on the set-wide alter queue: every alter waiter, restart from the head after a success. */
  private updateGlobal(set: RSet): boolean {
    let completed = false;
    again: for (;;) {
      for (const w of set.alterWaiters()) {
        if (!set.waiters.includes(w)) continue;
        const r = this.retry(w);
        if (typeof r === 'object') continue;
        let restart = false;
        this.remove(w);
        if (r === 'ok') {
          completed = true;
          this.wakeZero(set, w.sops);
          restart = set.alterWaiters().length > 0 || w.sops.length > 1;
        }
        this.finish(w, r);
        if (restart) continue again;
      }
      return completed;
    }
  }

  /** update_queue on semaphore i's alter queue: its simple waiters, no restart, stop at value 0. */
  private updateSem(set: RSet, i: number): boolean {
    let completed = false;
    const q = set.waiters.filter((w) => w.sops.length === 1 && w.alter && w.sops[0]!.num === i);
    for (const w of q) {
      if (set.vals[i] === 0) break;
      const r = this.retry(w);
      if (typeof r === 'object') continue;
      this.remove(w);
      if (r === 'ok') {
        completed = true;
        this.wakeZero(set, w.sops);
      }
      this.finish(w, r);
      // restart = (set-wide alter queue not empty) or nsops > 1: both false in this mode
    }
    return completed;
  }

  /** do_smart_update; sops null = ALL. */
  private smartUpdate(set: RSet, sops: readonly Sop[] | null, forceOtime: boolean): void {
    let completed = this.wakeZero(set, sops);
    if (set.globalMode()) {
      if (this.updateGlobal(set)) completed = true;
    } else if (sops === null) {
      for (let i = 0; i < set.nsems; i++) if (this.updateSem(set, i)) completed = true;
    } else {
      for (const s of sops) if (s.op > 0 && this.updateSem(set, s.num)) completed = true;
    }
    if (forceOtime || completed) set.otimes[sops ? sops[0]!.num : 0] = this.now();
  }

  // ---------------------------------------------------------------- semop (5.1, 5.3, 5.4)

  private findAllocUndo(t: RTask, semid: number): REntry | null {
    if (!t.list) t.list = new RList();
    const list = t.list;
    const found = list.entries.find((e) => e.semid === semid);
    if (found) {
      list.entries.splice(list.entries.indexOf(found), 1);
      list.entries.unshift(found);
      return found;
    }
    const set = this.lookup(semid);
    if (!set) return null;
    const e = new REntry(semid, set, new Array<number>(set.nsems).fill(0));
    e.list = list;
    list.entries.unshift(e);
    set.entries.add(e);
    return e;
  }

  private semop(call: number, t: RTask, semid: number, c: Extract<Cmd, { k: 'semop' }>): Res {
    const sops = c.sops;
    if (sops.length > SEMOPM) return { err: 'E2BIG' };
    if (sops.length < 1) return { err: 'EINVAL' };
    if (semid < 0) return { err: 'EINVAL' };
    if (c.how === 'timed' && c.timeout < 0) return { err: 'EINVAL' };
    const max = Math.max(...sops.map((s) => s.num));
    const undos = sops.some((s) => s.flg & SEM_UNDO);
    const alter = sops.some((s) => s.op !== 0);
    let un: REntry | null = null;
    if (undos) {
      un = this.findAllocUndo(t, semid);
      if (!un) return { err: 'EINVAL' };
    }
    const set = this.lookup(semid);
    if (!set) return { err: 'EINVAL' };
    if (max >= set.nsems) return { err: 'EFBIG' };
    if (!this.perm(t, set, alter ? 0o222 : 0o444)) return { err: 'EACCES' };
    const r = this.try(set, sops, un, t.proc.tgid, null);
    if (r === 'ok') {
      if (alter) this.smartUpdate(set, sops, true);
      else set.otimes[sops[0]!.num] = this.now();
      this.unlock(set);
      return { ok: 0 };
    }
    if (typeof r === 'string') return { err: r };
    if (c.how === 'try' || (c.how === 'timed' && c.timeout === 0)) return { err: 'EAGAIN' };
    const deadline = c.how === 'timed' ? this.mono + BigInt(c.timeout) : null;
    const w = new RWaiter(call, t, set, sops, un, t.proc.tgid, r.sleepAt, deadline, this.sleepSeq++);
    if (sops.length > 1 && set.complexCount() === 0) set.merged = true;
    set.waiters.push(w);
    t.waiter = w;
    return { sleep: true };
  }

  // ---------------------------------------------------------------- semctl (6)

  private semctlGet(t: RTask, semid: number, semnum: number, cmd: number): Res {
    if (semid < 0) return { err: 'EINVAL' };
    const set = this.lookup(semid);
    if (!set) return { err: 'EINVAL' };
    if (!this.perm(t, set, 0o444)) return { err: 'EACCES' };
    if (cmd === GETALL) return { ok: set.vals.slice() };
    if (cmd === IPC_STAT) {
      const otime = Math.max(0, ...set.otimes);
      const { key, uid, gid, cuid, cgid, mode, nsems, ctime } = set;
      const seq = Math.floor(set.id / 32768);
      return { ok: { key, uid, gid, cuid, cgid, mode, seq, otime, ctime, nsems } };
    }
    if (semnum < 0 || semnum >= set.nsems) return { err: 'EINVAL' };
    if (cmd === GETVAL) return { ok: set.vals[semnum] };
    if (cmd === GETPID) return { ok: set.pids[semnum] };
    if (cmd === GETNCNT) return { ok: this.count(set, semnum, false) };
    if (cmd === GETZCNT) return { ok: this.count(set, semnum, true) };
    return { err: 'EINVAL' };
  }

  /** 5.7: each sleeping call counts once, on the semaphore of its blocking sop. */
  private count(set: RSet, i: number, zero: boolean): number {
    return set.waiters.filter((w) => {
      const s = w.sops[w.blocking]!;
      return s.num === i && (zero ? s.op === 0 : s.op < 0);
    }).length;
  }

  private semctlSetval(t: RTask, semid: number, semnum: number, val: number): Res {
    if (semid < 0) return { err: 'EINVAL' };
    if (val < 0 || val > SEMVMX) return { err: 'ERANGE' };
    const set = this.lookup(semid);
    if (!set) return { err: 'EINVAL' };
    if (semnum < 0 || semnum >= set.nsems) return { err: 'EINVAL' };
    if (!this.perm(t, set, 0o222)) return { err: 'EACCES' };
    for (const e of set.entries) e.adj[semnum] = 0;
    set.vals[semnum] = val;
    set.pids[semnum] = t.proc.tgid;
    set.ctime = this.now();
    this.smartUpdate(set, null, false);
    this.unlock(set);
    return { ok: 0 };
  }

  private semctlSetall(t: RTask, semid: number, vals: readonly number[]): Res {
    if (semid < 0) return { err: 'EINVAL' };
    const set = this.lookup(semid);
    if (!set) return { err: 'EINVAL' };
    if (!this.perm(t, set, 0o222)) return { err: 'EACCES' };
    if (vals.length < set.nsems) return { err: 'EFAULT' };
    if (vals.slice(0, set.nsems).some((v) => v > SEMVMX)) return { err: 'ERANGE' };
    set.vals = vals.slice(0, set.nsems);
    set.pids.fill(t.proc.tgid);
    for (const e of set.entries) e.adj.fill(0);
    set.ctime = this.now();
    this.smartUpdate(set, null, false);
    this.unlock(set);
    return { ok: 0 };
  }

  private semctlIpcSet(t: RTask, semid: number, mode: number): Res {
    if (semid < 0) return { err: 'EINVAL' };
    const set = this.lookup(semid);
    if (!set) return { err: 'EINVAL' };
    if (!this.owner(t, set)) return { err: 'EPERM' };
    set.uid = t.uid;
    set.gid = t.uid;
    set.mode = mode & 0o777;
    set.ctime = this.now();
    return { ok: 0 };
  }

  /** 6.3 */
  private semctlRmid(t: RTask, semid: number): Res {
    if (semid < 0) return { err: 'EINVAL' };
    const set = this.lookup(semid);
    if (!set) return { err: 'EINVAL' };
    if (!this.owner(t, set)) return { err: 'EPERM' };
    for (const e of set.entries) {
      e.semid = -1;
      if (e.list) e.list.entries.splice(e.list.entries.indexOf(e), 1);
      e.list = null;
      e.set = null;
    }
    set.entries.clear();
    for (const w of set.waiters.slice()) this.finish(w, 'EIDRM');
    set.removed = true;
    this.slots.delete(set.idx);
    if (set.key !== 0) this.keys.delete(set.key);
    this.inUse -= 1;
    this.usedSems -= set.nsems;
    if (set.idx === this.maxIdx) this.maxIdx = Math.max(-1, ...this.slots.keys());
    return { ok: 0 };
  }

  // ---------------------------------------------------------------- undo lists and exit (7)

  private getList(t: RTask): RList {
    if (!t.list) t.list = new RList();
    return t.list;
  }

  /** 7.4 */
  private exitSem(t: RTask): void {
    const list = t.list;
    if (!list) return;
    t.list = null;
    list.refcnt -= 1;
    if (list.refcnt > 0) return;
    for (const e of list.entries.slice()) {
      list.entries.splice(list.entries.indexOf(e), 1);
      const set = e.set;
      if (e.semid === -1 || !set || set.removed) continue;
      set.entries.delete(e);
      e.set = null;
      for (let i = 0; i < set.nsems; i++) {
        if (e.adj[i] === 0) continue;
        set.vals[i] = Math.min(SEMVMX, Math.max(0, set.vals[i]! + e.adj[i]!));
        set.pids[i] = t.proc.tgid;
      }
      this.smartUpdate(set, null, true);
      this.unlock(set);
    }
  }

  /** A sleeping call that ends without a result (its task is gone, or it is held by SIGSTOP). */
  private unlinkWaiter(w: RWaiter): void {
    this.remove(w);
    this.unlock(w.set);
  }

  private doExit(t: RTask): void {
    if (!t.alive) return;
    if (t.waiter) this.unlinkWaiter(t.waiter);
    t.waiter = null;
    t.held = null;
    this.exitSem(t);
    t.alive = false;
    if (t.proc.threads.every((x) => !x.alive)) t.proc.alive = false;
  }

  private groupExit(p: RProc, first: RTask | null): void {
    if (first) this.doExit(first);
    for (const t of p.threads) this.doExit(t);
  }

  // ---------------------------------------------------------------- signals (5.4: EINTR)

  private interrupt(t: RTask, hold: boolean): void {
    const w = t.waiter;
    if (!w) return;
    if (hold) {
      this.unlinkWaiter(w);
      t.waiter = null;
      t.held = w;
    } else {
      this.unlinkWaiter(w);
      this.finish(w, 'EINTR');
    }
  }

  private signal(p: RProc, sig: number): void {
    if (!p.alive) return;
    const live = p.threads.filter((t) => t.alive);
    if (sig === SIGKILL) return this.groupExit(p, null);
    if (sig === SIGCONT && p.stopped) {
      p.stopped = false;
      for (const t of live) {
        const w = t.held;
        if (!w) continue;
        t.held = null;
        this.done.push({ call: w.call, res: 'EINTR' });
      }
    }
    if (sig === SIGSTOP) {
      if (p.stopped) return;
      p.stopped = true;
      for (const t of live) this.interrupt(t, true);
      return;
    }
    if (p.catches.has(sig)) {
      if (p.stopped) return;
      // the main thread takes it if it lives, else the first other live thread
      const target = live.find((t) => t.tid === p.tgid) ?? live[0];
      if (target) this.interrupt(target, false);
      return;
    }
    if (sig === SIGTERM || sig === SIGUSR1) this.groupExit(p, null);
  }

  // ---------------------------------------------------------------- the clock (5.4: timeouts)

  private advance(ns: number): void {
    const target = this.mono + BigInt(ns);
    for (;;) {
      let next: RWaiter | null = null;
      for (const set of this.slots.values())
        for (const w of set.waiters)
          if (
            w.deadline !== null &&
            w.deadline <= target &&
            (!next || w.deadline < next.deadline! || (w.deadline === next.deadline && w.seq < next.seq))
          )
            next = w;
      if (!next) break;
      if (next.deadline! > this.mono) this.mono = next.deadline!;
      this.unlinkWaiter(next);
      this.finish(next, 'EAGAIN');
    }
    this.mono = target;
  }

  // ---------------------------------------------------------------- driving a scenario

  step(i: number, c: Cmd): StepObs {
    this.done = [];
    let res: Res;
    let t: RTask | null = null;
    if (c.k !== 'advance' && c.k !== 'settime') {
      const states = this.tasks.map((x) => ({
        alive: x.alive,
        blocked: !!(x.waiter || x.held),
        stopped: x.alive && x.proc.stopped,
      }));
      const ti = pickTask(c, states);
      t = ti === null ? null : this.tasks[ti]!;
    }
    if (c.k !== 'advance' && c.k !== 'settime' && t === null) res = { skip: true };
    else res = this.run(i, c, t);
    const done = this.done.slice().sort((a, b) => a.call - b.call);
    return { res, done, after: this.snap() };
  }

  private run(i: number, c: Cmd, t: RTask | null): Res {
    const task = t!;
    const id = 's' in c ? resolveSet(this.ids, this.live, c.s) : 0;
    switch (c.k) {
      case 'semop':
        return this.semop(i, task, id, c);
      case 'setval':
        return this.semctlSetval(task, id, c.num, c.val);
      case 'setall':
        return this.semctlSetall(task, id, c.vals);
      case 'get':
        return this.semctlGet(task, id, c.num, c.cmd);
      case 'ipcset':
        return this.semctlIpcSet(task, id, c.mode);
      case 'rmid': {
        const r = this.semctlRmid(task, id);
        if ('ok' in r) this.live = this.live.filter((x) => x !== id);
        return r;
      }
      case 'semget': {
        const r = this.semget(task, c.key, c.nsems, c.flg);
        if (typeof r === 'string') return { err: r };
        if (!this.ids.includes(r)) this.ids.push(r);
        if (!this.live.includes(r)) this.live.push(r);
        return { ok: r };
      }
      case 'exit':
        if (task.tid === task.proc.tgid) this.groupExit(task.proc, task);
        else this.doExit(task);
        return { ok: 0 };
      case 'kill':
        this.signal(task.proc, c.sig);
        return { ok: 0 };
      case 'fork': {
        const child = this.newProcess(task.uid);
        for (const s of task.proc.catches) child.proc.catches.add(s);
        if (c.sysvsem) {
          const l = this.getList(task);
          l.refcnt += 1;
          child.list = l;
        }
        this.tasks.push(child);
        return { ok: child.tid };
      }
      case 'thread': {
        const child = new RTask(++this.lastPid, task.proc, task.uid);
        task.proc.threads.push(child);
        const l = this.getList(task);
        l.refcnt += 1;
        child.list = l;
        if (c.own) this.exitSem(child); // a thread that starts with unshare(CLONE_SYSVSEM)
        this.tasks.push(child);
        return { ok: child.tid };
      }
      case 'unshare':
        this.exitSem(task);
        return { ok: 0 };
      case 'exec': {
        // 7.1: the undo list is kept; the other threads end; the caller takes the process id;
        // caught signals go back to their default action
        for (const x of task.proc.threads) if (x !== task) this.doExit(x);
        task.tid = task.proc.tgid;
        task.proc.catches.clear();
        return { ok: task.tid };
      }
      case 'setns':
        if (!task.root) return { err: 'EPERM' };
        this.exitSem(task); // 7.4: even into the namespace the task is already in
        return { ok: 0 };
      case 'advance':
        this.advance(c.ns);
        return { ok: 0 };
      case 'settime':
        this.realOffset = BigInt(this.now() + c.delta) * 1_000_000_000n - this.mono;
        return { ok: 0 };
    }
  }

  snap(): Snap {
    const sets: SetSnap[] = [...this.slots.values()]
      .sort((a, b) => a.idx - b.idx)
      .map((s) => ({
        id: s.id,
        key: s.key,
        mode: s.mode,
        uid: s.uid,
        gid: s.gid,
        cuid: s.cuid,
        cgid: s.cgid,
        nsems: s.nsems,
        otime: Math.max(0, ...s.otimes),
        ctime: s.ctime,
        vals: s.vals.slice(),
        pids: s.pids.slice(),
        ncnt: s.vals.map((_, i) => this.count(s, i, false)),
        zcnt: s.vals.map((_, i) => this.count(s, i, true)),
      }));
    const tasks = this.tasks.map((t) => {
      const blocked = !!(t.waiter || t.held);
      const st = !t.alive
        ? 'dead'
        : t.proc.stopped
          ? blocked
            ? 'stopped-blocked'
            : 'stopped'
          : blocked
            ? 'blocked'
            : 'running';
      return `${t.tid}:${st}`;
    });
    return { sets, info: [this.inUse, this.usedSems, this.inUse === 0 ? 0 : this.maxIdx], tasks };
  }
}
