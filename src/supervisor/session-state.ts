// A session's state and the one way it changes: each change is an entry, recorded in the journal before it
// is applied (and before any answer it makes is sent), so that a restarted server applying the same entries
// to the last snapshot ends in the same state (see journal.ts, recovery.ts).
import { doExit, exitSem, type KernelState, type Task } from '../kernel/index.js';
import { resolveProcPath } from '../procfs/index.js';
import { checkpointBody, encodeImage } from '../image/index.js';
import type { Epoll } from '../host/pidfd.js';
import type { Listener, NotificationId } from '../host/seccomp-listener.js';
import type { TraceeMemory } from '../host/tracee-memory.js';
import { fault } from './faults.js';
import type { Journal } from './journal.js';
import type { LoopClock } from './loop-clock.js';
import { SemServer } from './serve-sem.js';
import { SessionTasks } from './session-tasks.js';
import { Sleepers } from './sleepers.js';
import { RestoredLists } from './restored-lists.js';
import { idOfNid, type Entry, type EntryBody, type Nid } from './state-entries.js';
import type { VirtualFiles } from './virtual-files.js';

/** A journal this long (bytes) is replaced by a snapshot, or one twice the last snapshot's size if larger:
 * the cost of snapshots stays proportional to the work journaled, and a restarted server replays at most
 * this much (about 9 ms per 256 KiB here). */
const MIN_SNAPSHOT_AFTER = 256 << 10;

export class SessionState {
  readonly tasks: SessionTasks;
  readonly sleepers: Sleepers;
  readonly sem: SemServer;
  vfiles: VirtualFiles | null = null;
  /** The undo lists of the image the session was restored from, until processes take them. */
  restored = new RestoredLists();
  private snapshotBytes = 0;
  /** In a replay: the 'wake' entries recorded with the entry being applied, and how many it has used. */
  private replayWakes: readonly Entry[] = [];
  private replayWakesUsed = 0;

  constructor(
    readonly k: KernelState,
    readonly clock: LoopClock,
    readonly listener: Listener,
    epoll: Epoll,
    mem: TraceeMemory,
    nullListTid: number,
    private readonly journal: Journal | null,
    private readonly producer: string,
    private readonly snapshotAfter = MIN_SNAPSHOT_AFTER,
  ) {
    this.tasks = new SessionTasks(k, epoll, nullListTid, this.record);
    this.sleepers = new Sleepers(
      listener,
      clock,
      (task) => this.commit({ t: 'intr', tid: task.tid }),
      this.stillWaiting,
    );
    this.sem = new SemServer(k, mem);
  }

  /** Journals an entry with the clock as it reads now; returns it. */
  readonly record = <B extends EntryBody>(body: B): B & { m: number; r: number } => {
    const e = body as B & { m: number; r: number };
    const c = this.clock.reading();
    e.m = c.m;
    e.r = c.r;
    if (this.journal && !this.journal.append(e)) {
      this.snapshot();
      this.journal.append(e);
    }
    return e;
  };

  /**
   * kernel/seccomp.c: a fatal signal takes a killable wait's notification off the listener before the
   * thread starts do_exit, as a killed semop sleeper leaves its queue on Linux. So whether the sleeper of
   * notification `id` is still in its call is asked of ID_VALID when a wake-up would complete it, and the
   * answer is recorded before anything it decides is sent; a replay uses the recorded answers in order.
   */
  private readonly stillWaiting = (task: Task, id: NotificationId): boolean => {
    const recorded = this.replayWakes[this.replayWakesUsed];
    if (recorded?.t === 'wake' && recorded.tid === task.tid) {
      this.replayWakesUsed++;
      return !recorded.gone;
    }
    // Past the recorded answers (the crash came while they were being taken), the kernel is asked again.
    this.replayWakes = [];
    const gone = !this.listener.idValid(id);
    if (this.journal) {
      const c = this.clock.reading();
      const e: Entry = { t: 'wake', tid: task.tid, gone, m: c.m, r: c.r };
      if (!this.journal.append(e, true)) throw new Error('the journal has no room left for a wake-up');
      fault('wake');
    }
    return !gone;
  };

  /** Applies a replayed entry with the 'wake' entries that were recorded while it was applied. */
  replay(e: Entry, wakes: readonly Entry[]): void {
    this.replayWakes = wakes;
    this.replayWakesUsed = 0;
    try {
      this.apply(e);
    } finally {
      this.replayWakes = [];
    }
  }

  /** Records an entry, then applies it. */
  commit(body: EntryBody): void {
    const e = this.record(body);
    fault(e.t === 'exit' ? 'exit' : 'recorded');
    this.apply(e);
  }

  /** Applies an entry (live just after recording it, or replayed), with the clock it read. */
  apply(e: Entry): void {
    this.clock.pin(e.m, e.r);
    try {
      this.applyPinned(e);
    } finally {
      this.clock.unpin();
    }
  }

  private applyPinned(e: Entry): void {
    switch (e.t) {
      case 'task':
        this.tasks.applyTask(e, null);
        return;
      case 'cred':
        return this.tasks.applyCred(e);
      case 'share':
        return this.tasks.applyShare(e);
      case 'tick':
        return this.clock.fireDue();
      case 'wake':
        return;
      case 'adopt': {
        const target = this.k.processes.get(e.pid)?.firstLiveThread();
        if (target && !this.restored.refusal(e.old, target, this.k.initNs))
          this.restored.adopt(e.old, target);
        return;
      }
    }
    const task = this.k.tasks.get(e.tid);
    if (!task?.alive) return;
    switch (e.t) {
      case 'exit':
        return this.exit(task);
      case 'detach':
        exitSem(task, this.k.now());
        this.tasks.markDirty(task.tid);
        this.listener.continueCall(idOfNid(e.id));
        return;
      case 'semget':
        return this.answer(e.id, this.sem.applySemget(task, e));
      case 'semctl':
        return this.answer(e.id, this.sem.applySemctl(task, e));
      case 'semop': {
        const r = this.sem.applySemop(task, e);
        if (typeof r === 'number') return this.answer(e.id, r);
        if (e.intr) this.sleepers.addInterrupted(idOfNid(e.id), task, r.sleeps);
        else this.sleepers.add(idOfNid(e.id), task, r.sleeps);
        return;
      }
      case 'intr':
        return this.sleepers.interruptTask(task);
      case 'vopen': {
        const r = resolveProcPath(this.k, task, e.path);
        if (typeof r !== 'number') r.file.open(r.ctx, e.read, true);
        return;
      }
      case 'vwrite': {
        const r = resolveProcPath(this.k, task, e.path);
        if (typeof r !== 'number') r.file.write?.(r.ctx, e.text);
        return;
      }
    }
  }

  // kernel/exit.c: do_exit of a real thread, seen through its pidfd
  private exit(task: Task): void {
    this.tasks.exited(task.tid);
    this.sleepers.forget(task);
    doExit(this.k, task);
    if (!task.process.alive) this.vfiles?.processExited(task.tgid);
  }

  private answer(id: Nid, r: number): void {
    this.listener.answer(idOfNid(id), r < 0 ? 0 : r, r < 0 ? -r : 0);
  }

  /** Whether the journal has grown enough to be replaced by a snapshot. */
  get snapshotDue(): boolean {
    return (
      this.journal !== null && this.journal.length > Math.max(this.snapshotAfter, 2 * this.snapshotBytes)
    );
  }

  /** Writes a snapshot of everything (an image of the model, and what ties it to the real threads). */
  snapshot(): void {
    if (!this.journal) return;
    const c = this.clock.reading();
    this.clock.pin(c.m, c.r);
    try {
      const image = Buffer.from(encodeImage(checkpointBody(this.k), this.producer));
      this.snapshotBytes = image.length;
      const header = {
        m: c.m,
        r: c.r,
        tasks: this.tasks.inodes(),
        sleepers: this.sleepers.entries(),
        ...(this.restored.size > 0 && { restored: this.restored.save(this.k) }),
      };
      this.journal.writeSnapshot(header, image, () => fault('snapshot'));
    } finally {
      this.clock.unpin();
    }
  }
}
