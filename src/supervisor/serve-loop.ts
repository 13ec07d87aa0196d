// The notification server of a session (kernel/seccomp.c's listener side): one synchronous loop on one thread
// that receives, serves and answers, so SYNC_WAKE_UP keeps each round trip on one CPU.
import {
  AUDIT_ARCH_X86_64,
  CLONE_SYSVSEM,
  EINTR,
  ENOSYS,
  EPERM,
  GETNCNT,
  GETZCNT,
  SIGURG,
} from '../abi/index.js';
import { ThreadSignalMask } from '../host/exec-setup.js';
import { WithdrawnCalls } from './withdrawn-calls.js';
import { KernelState, lookupChecked } from '../kernel/index.js';
import { gettid } from '../host/task-exit.js';
import { unshare } from '../host/namespaces.js';
import { EPOLLHUP, EPOLLIN, Epoll } from '../host/pidfd.js';
import { Listener, argInt, type Notification } from '../host/seccomp-listener.js';
import { threadIpcNamespaceInode } from '../host/proc-status.js';
import { TraceeMemory } from '../host/tracee-memory.js';
import { LoopClock } from './loop-clock.js';
import { SessionState } from './session-state.js';
import type { SessionTasks } from './session-tasks.js';
import type { Sleepers } from './sleepers.js';
import type { Journal } from './journal.js';
import { fault } from './faults.js';
import { recover } from './recovery.js';
import { restoreSession } from './restore-session.js';
import { serveAdopt } from './serve-adopt.js';
import type { RestoredLists } from './restored-lists.js';
import type { ImageBody } from '../image/index.js';

import { CRED_CALLS, SYS, WRITE_CALLS } from './trapped-calls.js';
import { FileServer } from './serve-files.js';
import { VFILE_TAG_BASE, VirtualFiles } from './virtual-files.js';
import type { Task } from '../kernel/index.js';
import type { EntryBody } from './state-entries.js';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { drainEventFd } from '../host/eventfd.js';
import type { Caller, Request } from './control-protocol.js';
import { ControlQueries } from './control-queries.js';
import { NamespaceServer } from './serve-ns.js';
import { meetClonedChildren, shareWithHiddenHolders } from './hidden-holders.js';
import {
  HolderIndex,
  semctlNums,
  settleExitingHolders,
  type ExitProbe,
  type SemNums,
} from './exiting-holders.js';

const LISTENER_TAG = 0;
/** Above every pidfd tag (tids) and virtual-file tag. */
const CONTROL_TAG = 2 ** 52;
/** The largest batch of events one epoll_wait returns. */
const MAX_EVENTS = 4096;

export interface ServeOptions {
  listenerFd: number;
  /** A thread of the session whose IPC namespace is the session's first one (the launched command). */
  firstTid: number;
  /** Opens (and writes from `reservedFd` up) are trapped for the virtual /proc files. */
  virtualFiles: boolean;
  reservedFd: number | null;
  /** Requests from the control socket arrive on `port`; `wakeFd` (an eventfd) says one is there. */
  control?: { port: MessagePort; wakeFd: number; flag: Int32Array };
  /** Where every change is recorded before it is answered (none: the state dies with this server). */
  journal?: Journal | null;
  /** The session's CLOCK_MONOTONIC origin (process.hrtime), the same for each of its servers. */
  clockOrigin?: bigint;
  /** The producer snapshots and checkpoints name. */
  producer?: string;
  /** The session's command, as checkpoints record it. */
  command?: string[];
  /** The session's keeper (every process of the session descends from it). */
  keeperPid?: number;
  /** --restore: the image the session starts from (unless a journal says an earlier server has). */
  restore?: (() => ImageBody) | null;
  /** The journal's length (bytes) that calls for a snapshot, if not the default. */
  snapshotAfter?: number;
}

/** A request of the control socket, as the main thread forwards it. */
export interface ControlMessage {
  id: number;
  req: Request;
  caller: Caller;
}

export class Session {
  readonly clock: LoopClock;
  readonly k: KernelState;
  readonly epoll = new Epoll(MAX_EVENTS);
  readonly listener: Listener;
  readonly st: SessionState;
  readonly tasks: SessionTasks;
  readonly sleepers: Sleepers;
  private readonly ns: NamespaceServer;
  private readonly files: FileServer | null;
  private readonly exitProbe: ExitProbe;
  private readonly holders: HolderIndex;

  constructor(opts: ServeOptions) {
    // This thread drops its undo list, so that kcmp against it recognises a thread that has none.
    unshare(CLONE_SYSVSEM);
    this.clock = new LoopClock(opts.clockOrigin);
    const journal = opts.journal ?? null;
    this.listener = new Listener(opts.listenerFd, journal?.slot);
    this.listener.syncWakeUp();
    this.epoll.add(opts.listenerFd, EPOLLIN, LISTENER_TAG);
    const restored = journal?.used ? recover.snapshotOf(journal, this.clock) : null;
    let lists: RestoredLists | null = null;
    if (restored) this.k = restored.k;
    else {
      const inode = threadIpcNamespaceInode(opts.firstTid);
      if (opts.restore) {
        const r = restoreSession(opts.restore(), this.clock, inode > 0 ? inode : 0);
        this.k = r.k;
        lists = r.lists;
      } else {
        this.k = new KernelState(this.clock, undefined, inode > 0 ? inode : undefined);
        this.k.tasks.delete(this.k.init.tid);
        this.k.processes.delete(this.k.init.tgid);
      }
    }
    const mem = new TraceeMemory();
    this.holders = new HolderIndex(() => this.k.tasks.values());
    this.exitProbe = {
      mmGone: (tid) => mem.memoryGone(tid),
      exited: (tid) => this.threadExited(tid),
    };
    this.st = new SessionState(
      this.k,
      this.clock,
      this.listener,
      this.epoll,
      mem,
      gettid(),
      journal,
      opts.producer ?? 'semundo',
      opts.snapshotAfter,
    );
    if (lists) this.st.restored = lists;
    this.tasks = this.st.tasks;
    this.sleepers = this.st.sleepers;
    this.ns = new NamespaceServer(this.listener, this.tasks, (e) => this.st.commit(e));
    this.files = opts.virtualFiles
      ? new FileServer(
          this.k,
          this.listener,
          mem,
          this.tasks,
          new VirtualFiles(this.k, this.listener, this.epoll, opts.reservedFd, this.st.record),
          (n) => this.taskOf(n),
        )
      : null;
    this.vfiles = this.files ? this.files.vfiles : null;
    this.st.vfiles = this.vfiles;
    this.control = opts.control;
    this.queries = new ControlQueries(this.k, opts.command ?? [], opts.producer ?? 'semundo', (c, old, pid) =>
      serveAdopt(this.st, opts.keeperPid ?? -1, c, old, pid),
    );
    if (this.control) this.epoll.add(this.control.wakeFd, EPOLLIN, CONTROL_TAG);
    this.urg.block();
    if (journal?.used) recover.resume(this, restored, journal);
    else this.st.snapshot();
  }

  /** Answers every control request that has arrived. */
  private serveControl(): void {
    const c = this.control!;
    drainEventFd(c.wakeFd);
    Atomics.store(c.flag, 0, 0);
    for (let m = receiveMessageOnPort(c.port); m; m = receiveMessageOnPort(c.port)) {
      const msg = m.message as ControlMessage;
      // Who sleeps is asked to learn what has settled: signals already pending end their sleeps first.
      if (msg.req.op === 'sleeping' && this.sleepers.count > 0) this.sleepers.pollNow();
      let answer;
      try {
        answer = this.queries.answer(msg.req, msg.caller);
      } catch (e) {
        answer = { ok: false, error: `internal error: ${(e as Error).message}` };
      }
      c.port.postMessage({ id: msg.id, answer });
    }
  }

  private readonly vfiles: VirtualFiles | null;
  private readonly control: ServeOptions['control'];
  private readonly urg = new ThreadSignalMask(SIGURG);
  private urgOpen = false;
  private readonly withdrawn = new WithdrawnCalls();
  private readonly queries: ControlQueries;

  /**
   * Whether the loop may wait in RECV itself rather than in epoll_wait: a session of one single-threaded
   * process with nothing else to wait for (no timer, no sleeper, no virtual file, no control request).
   * Its own exit cannot come before its own call, and a call of anyone else is checked against epoll
   * before it is answered; a control request interrupts the RECV with a signal.
   */
  private mayWaitInRecv(): boolean {
    return (
      this.k.tasks.size === 1 &&
      this.sleepers.count === 0 &&
      !this.clock.hasTimers() &&
      !this.vfiles?.anyWritable &&
      (this.control === undefined || Atomics.load(this.control.flag, 0) === 0)
    );
  }

  /**
   * RECV without epoll (see mayWaitInRecv); false when the loop must go back to epoll. SIGURG is let in
   * for as long as the loop serves this way (openUrg): what it interrupts besides this RECV are the
   * listener's other ioctls, which start again on EINTR, and epoll_wait(0), which never sleeps.
   */
  private recvDirect(): boolean {
    const note = this.listener.recv();
    if (typeof note === 'number') return false;
    const task = this.k.tasks.size === 1 ? this.tasks.cached(note.tid) : null;
    if (!task || (this.control && Atomics.load(this.control.flag, 0) !== 0)) this.drainEvents();
    this.handle(note);
    if (this.st.snapshotDue) this.st.snapshot();
    return true;
  }

  /** SIGURG let in (true) or blocked again, each change one pthread_sigmask. */
  private openUrg(open: boolean): void {
    if (open === this.urgOpen) return;
    if (open) this.urg.unblock();
    else this.urg.block();
    this.urgOpen = open;
  }

  /** Everything epoll has ready now (exits, virtual-file writes, control requests), without waiting. */
  private drainEvents(): void {
    const n = this.epoll.wait(0);
    if (n > 0) this.dispatch(n);
  }

  /** Serves until every task of the session has exited (the listener hangs up). */
  run(): void {
    for (;;) {
      if (this.mayWaitInRecv()) {
        this.openUrg(true);
        if (this.recvDirect()) continue;
      }
      this.openUrg(false);
      const timers = this.clock.hasTimers();
      const sleeping = this.sleepers.count > 0;
      const timeout =
        !timers && !sleeping ? -1 : minDelay(this.clock.nextDelayMs(), this.sleepers.pollDelayMs());
      const n = this.epoll.wait(timeout);
      if (n < 0) {
        if (n === -EINTR) continue;
        throw new Error(`epoll_wait failed with errno ${-n}`);
      }
      const listener = this.dispatch(n);
      if (timers && this.clock.due()) this.st.commit({ t: 'tick' });
      if (sleeping) this.sleepers.pollIfDue();
      if (listener & EPOLLIN) {
        const note = this.listener.recv();
        if (typeof note !== 'number') {
          // Exits since epoll_wait (a process killed and reaped while the notification waited) come first.
          this.drainEvents();
          this.handle(note);
        }
      } else if (listener & EPOLLHUP) return;
      if (this.st.snapshotDue) this.st.snapshot();
    }
  }

  /**
   * Handles n ready epoll entries — writes into virtual files first (a write made before an exit is
   * applied before the exit), then exits and control requests — and returns the listener's events.
   */
  private dispatch(n: number): number {
    if (this.tasks.cloners.size > 0) meetClonedChildren(this.tasks.cloners, this.tasks.holders);
    const { tags, ready: events } = this.epoll;
    let listener = 0;
    if (n > 1 || tags[0] !== LISTENER_TAG) {
      for (let i = 0; i < n; i++)
        if (tags[i]! >= VFILE_TAG_BASE && tags[i]! < CONTROL_TAG)
          this.vfiles?.socketReady(tags[i]!, events[i]!);
    }
    for (let i = 0; i < n; i++) {
      const tag = tags[i]!;
      if (tag === LISTENER_TAG) listener = events[i]!;
      else if (tag === CONTROL_TAG) this.serveControl();
      else if (tag < VFILE_TAG_BASE) this.threadExited(tag);
    }
    return listener;
  }

  // kernel/exit.c: do_exit of a real thread, seen through its pidfd — before any later call is answered
  threadExited(tid: number): void {
    const task = this.tasks.exited(tid);
    if (!task) return;
    this.sleepers.forget(task);
    shareWithHiddenHolders(task, false, this.tasks.holders);
    this.st.commit({ t: 'exit', tid });
  }

  /** The model task of a notification's thread; null when the call was answered (or is gone) instead. */
  private taskOf(n: Notification): Task | null {
    const cached = this.tasks.cached(n.tid);
    if (cached) return cached;
    const t = this.tasks.refresh(n.tid);
    // The thread may have been replaced by another with the same id since it was notified.
    if (!this.listener.idValid(n)) return null;
    if (typeof t === 'number') {
      this.listener.answer(n, 0, EPERM);
      return null;
    }
    return t;
  }

  /** After a restart: the notification the last server received was `n` (ids received next follow it). */
  resumeAfter(idLo: number): void {
    this.withdrawn.resumeAfter(idLo);
  }

  handle(n: Notification): void {
    this.withdrawn.received(n);
    fault('received');
    if (this.tasks.cloners.size > 0) {
      const own = this.tasks.cloners.get(n.tid);
      if (own === false) this.tasks.cloners.set(n.tid, true);
      meetClonedChildren(this.tasks.cloners, this.tasks.holders);
    }
    if (n.arch !== AUDIT_ARCH_X86_64) return void this.listener.answer(n, 0, ENOSYS);
    if (CRED_CALLS.has(n.nr)) {
      this.tasks.markDirty(n.tid);
      return void this.listener.continueCall(n);
    }
    if (this.files) {
      if (n.nr === SYS.openat || n.nr === SYS.open || n.nr === SYS.openat2) return this.files.open(n);
      if (WRITE_CALLS.has(n.nr)) return this.files.write(n);
      if (n.nr === SYS.read || n.nr === SYS.pread64) return this.files.read(n);
    }
    const task = this.taskOf(n);
    if (!task) return;
    const sem = this.st.sem;
    let r: number | EntryBody;
    switch (n.nr) {
      case SYS.semget:
        r = sem.semget(task, n);
        break;
      case SYS.semop:
        this.settleExits(task, n, null);
        r = this.semop(sem.semtimedop(task, n, false));
        break;
      case SYS.semtimedop:
        this.settleExits(task, n, null);
        r = this.semop(sem.semtimedop(task, n, true));
        break;
      case SYS.semctl: {
        const cmd = argInt(n, 2);
        const nums = semctlNums(cmd, argInt(n, 1));
        if (nums !== undefined) this.settleExits(task, n, nums);
        if ((cmd === GETNCNT || cmd === GETZCNT) && this.sleepers.count > 0)
          this.dropKilledSleepers(task, n, cmd === GETZCNT);
        r = sem.semctl(task, n);
        break;
      }
      case SYS.unshare:
        return this.ns.unshare(task, n);
      case SYS.setns:
        return this.ns.setns(task, n);
      case SYS.clone:
        this.tasks.cloners.set(task.tgid, false);
        return void this.listener.continueCall(n);
      default:
        return void this.listener.continueCall(n);
    }
    if (typeof r === 'number') this.listener.answer(n, r < 0 ? 0 : r, r < 0 ? -r : 0);
    else this.st.commit(r);
  }

  /** Exits past exit_sem that the call could depend on, applied before it is served (exiting-holders.ts). */
  private settleExits(task: Task, n: Notification, nums: SemNums): void {
    const set = lookupChecked(task.ns, argInt(n, 0));
    if (set?.adjusted?.size) settleExitingHolders(set, task, nums, this.holders, this.exitProbe);
  }

  /** Sleepers of the set killed in their sleep leave it before they are counted (Sleepers.interruptKilled). */
  private dropKilledSleepers(task: Task, n: Notification, zero: boolean): void {
    const set = lookupChecked(task.ns, argInt(n, 0));
    if (set) this.sleepers.interruptKilled(set, argInt(n, 1), zero, this.exitProbe.mmGone);
  }

  /** A semop to record: the restart of a withdrawn call ends with EINTR if it sleeps (withdrawn-calls.ts). */
  private semop(r: number | EntryBody): number | EntryBody {
    if (typeof r !== 'number' && r.t === 'semop' && this.withdrawn.claimRestart(r.tid)) r.intr = true;
    return r;
  }
}

function minDelay(a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}
