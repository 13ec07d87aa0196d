// Runs a Scenario against the model kernel through the public API, and observes it (as root) after
// every step. Everything here goes through src/api: semctl for the state, promises for completions.
import {
  CLONE_SYSVSEM,
  GETALL,
  GETNCNT,
  GETPID,
  GETZCNT,
  IPC_CREAT,
  IPC_PRIVATE,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  ManualClock,
  SEM_INFO,
  SEM_STAT_ANY,
  SETALL,
  SETVAL,
  SIGUSR1,
  createKernel,
  type Kernel,
  type SemStat,
  type Sembuf,
  type SeminfoResult,
  type Task,
} from '../../src/api/index.js';
import {
  cmdText,
  resolveSet,
  pickTask,
  type Cmd,
  type Done,
  type Res,
  type Scenario,
  type SetSnap,
  type Snap,
  type Sop,
  type StepObs,
} from './scenario.js';

export const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

const sembufs = (sops: readonly Sop[]): Sembuf[] =>
  sops.map((s) => ({ sem_num: s.num, sem_op: s.op, sem_flg: s.flg }));

/** A call that went to sleep, until it finishes (or its task vanishes). */
export interface Sleeper {
  call: number;
  task: Task;
  semid: number;
  sops: readonly Sop[];
  state: { done: boolean; code?: string };
  /** A call the restore could not carry (a result held for a stopped process, in syscalls mode). */
  lost?: boolean;
}

/** A call that succeeded (immediately or when a sleeper completed). */
export interface Success {
  call: number;
  /** Index of the task in the driver's task list. */
  task: number;
  semid: number;
  sops: readonly Sop[];
}

function errRes(e: unknown): Res {
  const code = (e as { code?: unknown }).code;
  if (e instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return { err: code };
  throw e;
}

export interface KStepObs extends StepObs {
  /** Snapshot right before the call. */
  before: Snap;
  /** Index of the task the command named (null for clock steps), its tid, and the set id it named. */
  task: number | null;
  tid: number | null;
  semid: number | null;
}

/** One line describing a step as run, for failure messages. */
export function stepText(i: number, c: Cmd, o: KStepObs): string {
  const who = o.tid === null ? '' : `tid ${o.tid}: `;
  const id = o.semid === null ? '' : ` [id = ${o.semid}]`;
  const res =
    'skip' in o.res
      ? 'skipped'
      : 'sleep' in o.res
        ? 'sleeps'
        : 'err' in o.res
          ? o.res.err
          : JSON.stringify(o.res.ok);
  const done = o.done.length ? `; completes ${o.done.map((d) => `step ${d.call}→${d.res}`).join(', ')}` : '';
  return `step ${i}: ${who}${cmdText(c)}${id} → ${res}${done}`;
}

/** Follows a sleeping call's promise into `state`. */
function follow(p: Promise<0>, state: Sleeper['state']): void {
  p.then(
    () => (state.done = true),
    (e: { code?: string }) => Object.assign(state, { done: true, code: e.code ?? String(e) }),
  );
}

export class KernelDriver {
  readonly clock: ManualClock;
  readonly kernel: Kernel;
  /** Task 0 is the observer: a root process that only reads. */
  readonly tasks: Task[] = [];
  /** uid (= gid) of each task. */
  readonly uids: number[] = [];
  /** Every id semget returned, in order, and those not removed since. */
  readonly ids: number[] = [];
  live: number[] = [];
  sleepers: Sleeper[] = [];
  readonly successes: Success[] = [];
  /** One line per step run so far (stepText). */
  readonly log: string[] = [];

  /**
   * A fresh machine set up as the scenario says, or (`twin`) a driver of the machine `restore` makes
   * from `twin`'s: the same tasks (by the restored machine's restoredTids), and its sleepers followed
   * through the restored calls.
   */
  constructor(
    readonly scenario: Scenario,
    twin?: { of: KernelDriver; restore: (k: Kernel, clock: ManualClock) => Kernel },
  ) {
    if (twin) {
      const o = twin.of;
      this.clock = o.clock.fork();
      this.kernel = twin.restore(o.kernel, this.clock);
      const now = (tid: number) => this.kernel.task(this.kernel.restoredTids.get(tid) ?? tid);
      this.tasks.push(...o.tasks.map((t) => (t.alive ? now(t.tid)! : t)));
      this.uids.push(...o.uids);
      this.ids.push(...o.ids);
      this.live = [...o.live];
      this.successes.push(...o.successes);
      this.log.push(...o.log);
      for (const s of o.sleepers) {
        const task = now(s.task.tid)!;
        const state = { ...s.state };
        const call = task.blockedCall;
        if (!state.done && call) follow(call, state);
        this.sleepers.push({ ...s, task, state, ...(!state.done && !call && { lost: true }) });
      }
      return;
    }
    this.clock = new ManualClock();
    this.kernel = createKernel({ clock: this.clock });
    const obs = this.kernel.spawn();
    this.tasks.push(obs);
    this.uids.push(0);
    for (const uid of scenario.setup.uids) {
      const t = this.kernel.spawn({ uid });
      t.sigaction(SIGUSR1, 'catch');
      this.tasks.push(t);
      this.uids.push(uid);
    }
    const n = scenario.setup.uids.length;
    for (const s of scenario.setup.sets) {
      const creator = this.tasks[1 + (s.creator % n)]!;
      const id = creator.semget(IPC_PRIVATE, s.nsems, IPC_CREAT | s.mode);
      this.ids.push(id);
      this.live.push(id);
      obs.semctl(id, 0, SETALL, s.vals);
    }
  }

  get obs(): Task {
    return this.tasks[0]!;
  }

  /** Everything observable, read by the observer. */
  snap(): Snap {
    const o = this.obs;
    const si = o.semctl(0, 0, SEM_INFO) as SeminfoResult;
    const sets: SetSnap[] = [];
    for (let idx = 0; idx <= si.ret; idx++) {
      let st: SemStat;
      try {
        st = o.semctl(idx, 0, SEM_STAT_ANY) as SemStat;
      } catch {
        continue;
      }
      const id = st.id;
      const n = st.sem_nsems;
      const per = (cmd: number) => Array.from({ length: n }, (_, i) => o.semctl(id, i, cmd) as number);
      const p = st.sem_perm;
      sets.push({
        id,
        key: p.key,
        mode: p.mode,
        uid: p.uid,
        gid: p.gid,
        cuid: p.cuid,
        cgid: p.cgid,
        nsems: n,
        otime: st.sem_otime,
        ctime: st.sem_ctime,
        vals: o.semctl(id, 0, GETALL) as number[],
        pids: per(GETPID),
        ncnt: per(GETNCNT),
        zcnt: per(GETZCNT),
      });
    }
    const tasks = this.tasks.map(
      (t) =>
        `${t.tid}:${!t.alive ? 'dead' : t.stopped ? (t.blocked ? 'stopped-blocked' : 'stopped') : t.blocked ? 'blocked' : 'running'}`,
    );
    return { sets, info: [si.info.semusz, si.info.semaem, si.ret], tasks };
  }

  /** Runs one command; `before`/`after` are snapshots taken right around the call itself. */
  async step(i: number, c: Cmd): Promise<KStepObs> {
    const before = this.snap();
    let res: Res;
    let promise: Promise<0> | null = null;
    let ti: number | null = null;
    let t: Task | null = null;
    if (c.k !== 'advance' && c.k !== 'settime') {
      ti = pickTask(
        c,
        this.tasks.map((x) => ({ alive: x.alive, blocked: x.blocked, stopped: x.alive && x.stopped })),
      );
      t = ti === null ? null : this.tasks[ti]!;
    }
    const semid = 's' in c ? resolveSet(this.ids, this.live, c.s) : null;
    if (c.k !== 'advance' && c.k !== 'settime' && t === null) res = { skip: true };
    else {
      try {
        res = this.call(c, t, semid ?? 0, (p) => (promise = p));
      } catch (e) {
        res = errRes(e);
      }
    }
    const after = this.snap();
    if (promise !== null) {
      const p: Promise<0> = promise;
      const sem = c as Extract<Cmd, { k: 'semop' }>;
      if (t!.blocked) {
        const state: Sleeper['state'] = { done: false };
        follow(p, state);
        this.sleepers.push({ call: i, task: t!, semid: semid!, sops: sem.sops, state });
        res = { sleep: true };
      } else {
        try {
          res = { ok: await p };
        } catch (e) {
          res = errRes(e);
        }
      }
    }
    if (c.k === 'semop' && 'ok' in res)
      this.successes.push({ call: i, task: ti!, semid: semid!, sops: c.sops });
    if (c.k === 'rmid' && 'ok' in res) this.live = this.live.filter((x) => x !== semid);
    await flush();
    const done: Done[] = [];
    const still: Sleeper[] = [];
    for (const s of this.sleepers) {
      if (s.state.done) {
        done.push({ call: s.call, res: s.state.code ?? 0 });
        if (s.state.code === undefined)
          this.successes.push({
            call: s.call,
            task: this.tasks.indexOf(s.task),
            semid: s.semid,
            sops: s.sops,
          });
      } else if (s.task.alive) still.push(s);
    }
    this.sleepers = still;
    done.sort((a, b) => a.call - b.call);
    const out: KStepObs = { res, done, after, before, task: ti, tid: t ? t.tid : null, semid };
    this.log.push(stepText(i, c, out));
    return out;
  }

  private call(c: Cmd, t: Task | null, id: number, sleep: (p: Promise<0>) => void): Res {
    const task = t!;
    switch (c.k) {
      case 'semop': {
        const sops = sembufs(c.sops);
        if (c.how === 'try') return { ok: task.trySemop(id, sops) };
        sleep(c.how === 'wait' ? task.semop(id, sops) : task.semtimedop(id, sops, c.timeout));
        return { ok: 0 };
      }
      case 'setval':
        return { ok: task.semctl(id, c.num, SETVAL, c.val) };
      case 'setall':
        return { ok: task.semctl(id, 0, SETALL, c.vals) };
      case 'get': {
        const v = task.semctl(id, c.num, c.cmd);
        if (c.cmd !== IPC_STAT) return { ok: v };
        const st = v as SemStat;
        return { ok: { ...st.sem_perm, otime: st.sem_otime, ctime: st.sem_ctime, nsems: st.sem_nsems } };
      }
      case 'ipcset': {
        // The caller makes itself the owner (allowed to the owner, the creator and root).
        const uid = this.uids[this.tasks.indexOf(task)]!;
        return { ok: task.semctl(id, 0, IPC_SET, { uid, gid: uid, mode: c.mode }) };
      }
      case 'rmid':
        return { ok: task.semctl(id, 0, IPC_RMID) };
      case 'semget': {
        const got = task.semget(c.key, c.nsems, c.flg);
        if (!this.ids.includes(got)) this.ids.push(got);
        if (!this.live.includes(got)) this.live.push(got);
        return { ok: got };
      }
      case 'exit':
        task.exit();
        return { ok: 0 };
      case 'kill':
        task.kill(c.sig);
        return { ok: 0 };
      case 'fork': {
        const child = task.fork({ sysvsem: c.sysvsem });
        this.tasks.push(child);
        this.uids.push(this.uids[this.tasks.indexOf(task)]!);
        return { ok: child.tid };
      }
      case 'thread': {
        const child = task.thread({ sysvsem: !c.own });
        this.tasks.push(child);
        this.uids.push(this.uids[this.tasks.indexOf(task)]!);
        return { ok: child.tid };
      }
      case 'unshare':
        task.unshare(CLONE_SYSVSEM);
        return { ok: 0 };
      case 'exec':
        task.exec();
        return { ok: task.tid };
      case 'setns':
        task.setns(this.obs);
        return { ok: 0 };
      case 'advance':
        this.clock.advance(c.ns);
        return { ok: 0 };
      case 'settime':
        this.clock.setRealtime(this.clock.realtimeSeconds() + c.delta);
        return { ok: 0 };
    }
  }

  /** Live processes' main tasks, for a final clean-up. */
  liveProcesses(): number[] {
    const seen = new Set<number>();
    const out: number[] = [];
    this.tasks.forEach((t, i) => {
      if (i > 0 && t.alive && t.tid === t.pid && !seen.has(t.pid)) {
        seen.add(t.pid);
        out.push(i);
      }
    });
    return out;
  }
}
