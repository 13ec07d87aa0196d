// Random multi-task histories for the property tests: plain data (easy to print, shrink and replay),
// interpreted the same way by the kernel driver (kernel-driver.ts) and the reference model.
import fc from 'fast-check';
import {
  GETALL,
  GETNCNT,
  GETPID,
  GETVAL,
  GETZCNT,
  IPC_CREAT,
  IPC_EXCL,
  IPC_NOWAIT,
  IPC_STAT,
  SEM_UNDO,
  SIGCONT,
  SIGKILL,
  SIGSTOP,
  SIGTERM,
  SIGUSR1,
} from '../../src/api/index.js';

/** One struct sembuf. */
export interface Sop {
  num: number;
  op: number;
  flg: number;
}

/**
 * Which semaphore set a call names: `i` indexes (modulo) the ids of the live sets (those semget
 * returned and IPC_RMID did not remove; all ids ever returned when none is live); `bogus` 1 gives that
 * id with a wrong sequence number (+32768), 2 gives -1, 3 indexes every id ever returned instead.
 */
export interface SetRef {
  i: number;
  bogus: 0 | 1 | 2 | 3;
}

/** `t` picks one of the tasks that can make the call (see pickTask); `s` picks a set (SetRef). */
export type Cmd =
  | { k: 'semop'; t: number; s: SetRef; sops: Sop[]; how: 'try' | 'wait' | 'timed'; timeout: number }
  | { k: 'setval'; t: number; s: SetRef; num: number; val: number }
  | { k: 'setall'; t: number; s: SetRef; vals: number[] }
  | { k: 'get'; t: number; s: SetRef; cmd: number; num: number }
  | { k: 'ipcset'; t: number; s: SetRef; mode: number }
  | { k: 'rmid'; t: number; s: SetRef }
  | { k: 'semget'; t: number; key: number; nsems: number; flg: number }
  | { k: 'exit'; t: number }
  | { k: 'kill'; t: number; sig: number }
  | { k: 'fork'; t: number; sysvsem: boolean }
  | { k: 'thread'; t: number; own: boolean }
  | { k: 'unshare'; t: number }
  | { k: 'exec'; t: number }
  /** setns() into the IPC namespace the task is already in: detaches the undo list (7.4); needs root. */
  | { k: 'setns'; t: number }
  | { k: 'advance'; ns: number }
  /** Moves the wall clock (otime/ctime) by `delta` seconds, possibly backwards; timeouts unaffected. */
  | { k: 'settime'; delta: number };

export interface SetSpec {
  /** Index (modulo) of the initial task that creates it. */
  creator: number;
  nsems: number;
  mode: number;
  /** Initial values, written with SETALL by the observer (root). */
  vals: number[];
}

export interface Setup {
  /** Initial processes (after the observer); each catches SIGUSR1. */
  uids: (0 | 1000)[];
  sets: SetSpec[];
}

export interface Scenario {
  setup: Setup;
  cmds: Cmd[];
}

/** What a step returned: skipped, a value, an errno name, or "went to sleep". */
export type Res = { skip: true } | { ok: unknown } | { err: string } | { sleep: true };

export interface SetSnap {
  id: number;
  key: number;
  mode: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  nsems: number;
  otime: number;
  ctime: number;
  vals: number[];
  pids: number[];
  ncnt: number[];
  zcnt: number[];
}

/** Everything observable about the machine, read by a root observer through semctl. */
export interface Snap {
  /** Live sets in index order. */
  sets: SetSnap[];
  /** SEM_INFO: number of sets, number of semaphores, highest index in use. */
  info: [number, number, number];
  /** Every task ever created, in creation order: `${tid}:${state}`. */
  tasks: string[];
}

/** A sleeping call that finished during a step: the index of the step that made it, and its result. */
export interface Done {
  call: number;
  res: string | 0;
}

export interface StepObs {
  res: Res;
  done: Done[];
  /** State right after the call (all completions it caused included). */
  after: Snap;
}

export const SIGNALS = { SIGKILL, SIGTERM, SIGUSR1, SIGSTOP, SIGCONT };
export const GET_CMDS = [GETVAL, GETPID, GETNCNT, GETZCNT, GETALL, IPC_STAT];

/** Knobs: each property generates the histories its statement needs. */
export interface GenOptions {
  maxCmds: number;
  /** Allow multi-sop calls whose every sem_op is 0 (complex wait-for-zero waiters, whose count can go stale). */
  complexConst: boolean;
  /** Allow SETVAL / SETALL / IPC_RMID / IPC_SET after the setup. */
  semctlWrites: boolean;
  /** Allow threads with their own undo list. */
  ownThreads: boolean;
  /** Allow sem_op values of large magnitude (ERANGE, clamping at 32767). */
  bigOps: boolean;
  /** Allow sets to start near 32767. */
  highInit: boolean;
  /** Allow unshare(CLONE_SYSVSEM) and setns (both detach an undo list). */
  unshare: boolean;
  /** One set, and mostly semop: long contended histories on the same semaphores. */
  focus: boolean;
}

export const FULL: GenOptions = {
  maxCmds: 50,
  complexConst: true,
  semctlWrites: true,
  ownThreads: true,
  bigOps: true,
  highInit: true,
  unshare: true,
  focus: false,
};

export const FOCUS: GenOptions = { ...FULL, focus: true, bigOps: false };

const setRef = (o: GenOptions): fc.Arbitrary<SetRef> =>
  fc.record({
    i: o.focus
      ? fc.constant(0)
      : fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(7) }),
    bogus: fc.oneof(
      { weight: 30, arbitrary: fc.constant(0 as const) },
      { weight: 1, arbitrary: fc.constantFrom(1 as const, 2 as const, 3 as const) },
    ),
  });

const task = fc.nat(31);

function opArb(o: GenOptions): fc.Arbitrary<number> {
  const small = fc.oneof(
    { weight: 7, arbitrary: fc.constant(1) },
    { weight: 5, arbitrary: fc.constant(-1) },
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
  );
  if (!o.bigOps) return small;
  return fc.oneof(
    { weight: 12, arbitrary: small },
    { weight: 1, arbitrary: fc.constantFrom(32767, -32767, -32768, 16384, -16384, 30000, -30000) },
  );
}

const flgArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 5, arbitrary: fc.constant(SEM_UNDO) },
  { weight: 2, arbitrary: fc.constant(IPC_NOWAIT) },
  { weight: 1, arbitrary: fc.constant(SEM_UNDO | IPC_NOWAIT) },
  { weight: 1, arbitrary: fc.constantFrom(0x0400, 0x8000 | SEM_UNDO, 0x2000) },
);

function sopsArb(o: GenOptions): fc.Arbitrary<Sop[]> {
  const num = fc.oneof(
    { weight: 45, arbitrary: fc.constant(0) },
    { weight: 40, arbitrary: fc.constant(1) },
    { weight: 10, arbitrary: fc.constant(2) },
    { weight: 4, arbitrary: fc.constant(3) },
    { weight: 1, arbitrary: fc.constant(4) },
    // with a 66-semaphore set: sem_nums 64/65 share a bit with 0/1 in the kernel's duplicate check
    { weight: 1, arbitrary: fc.constantFrom(64, 65) },
  );
  const sop = fc.record({ num, op: opArb(o), flg: flgArb });
  const n = fc.oneof(
    { weight: 40, arbitrary: fc.constant(1) },
    { weight: 24, arbitrary: fc.constant(2) },
    { weight: 12, arbitrary: fc.integer({ min: 3, max: 4 }) },
    { weight: 1, arbitrary: fc.constant(0) },
  );
  const arb = n.chain((len) => fc.array(sop, { minLength: len, maxLength: len }));
  if (o.complexConst) return arb;
  // Turn a multi-sop all-zero call into an altering one: no complex wait-for-zero waiters.
  return arb.map((s) => (s.length > 1 && s.every((x) => x.op === 0) ? [...s, { num: 0, op: 1, flg: 0 }] : s));
}

const timeoutArb = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(0, 100_000_000, 1_000_000_000, 3_000_000_000) },
  { weight: 1, arbitrary: fc.constant(-1) }, // an invalid timespec: EINVAL
);

type Kind = Cmd['k'];

/** Relative frequency of each command (0: never). */
function weights(o: GenOptions): Record<Kind, number> {
  const w: Record<Kind, number> = {
    semop: 80,
    setval: 10,
    setall: 4,
    get: 8,
    ipcset: 2,
    rmid: 1,
    semget: 6,
    exit: 4,
    kill: 8,
    fork: 6,
    thread: 4,
    unshare: 2,
    exec: 1,
    setns: 1,
    advance: 10,
    settime: 2,
  };
  if (o.focus) Object.assign(w, { semop: 160, setval: 6, setall: 2, get: 4, ipcset: 0, rmid: 0, semget: 0 });
  if (!o.semctlWrites) Object.assign(w, { setval: 0, setall: 0, ipcset: 0, rmid: 0 });
  if (!o.unshare) Object.assign(w, { unshare: 0, setns: 0 });
  return w;
}

function cmdArb(o: GenOptions): fc.Arbitrary<Cmd> {
  const val = fc.oneof(
    { weight: 16, arbitrary: fc.integer({ min: 0, max: 3 }) },
    { weight: 2, arbitrary: fc.constantFrom(-1, 32767, 32768, 65535) },
  );
  const uval = fc.oneof(
    { weight: 16, arbitrary: fc.integer({ min: 0, max: 3 }) },
    { weight: 2, arbitrary: fc.constantFrom(32767, 32768, 65535) },
  );
  const s = setRef(o);
  const arbs: Record<Kind, fc.Arbitrary<Cmd>> = {
    semop: fc.record({
      k: fc.constant('semop' as const),
      t: task,
      s,
      sops: sopsArb(o),
      how: fc.constantFrom('try' as const, 'wait' as const, 'wait' as const, 'timed' as const),
      timeout: timeoutArb,
    }),
    setval: fc.record({ k: fc.constant('setval' as const), t: task, s, num: fc.nat(4), val }),
    setall: fc.record({
      k: fc.constant('setall' as const),
      t: task,
      s,
      vals: fc.array(uval, { minLength: 0, maxLength: 5 }),
    }),
    get: fc.record({
      k: fc.constant('get' as const),
      t: task,
      s,
      cmd: fc.constantFrom(...GET_CMDS),
      num: fc.integer({ min: -1, max: 4 }),
    }),
    ipcset: fc.record({
      k: fc.constant('ipcset' as const),
      t: task,
      s,
      mode: fc.constantFrom(0o600, 0o644, 0o666, 0o622),
    }),
    rmid: fc.record({ k: fc.constant('rmid' as const), t: task, s }),
    semget: fc.record({
      k: fc.constant('semget' as const),
      t: task,
      key: fc.constantFrom(0, 0, 1, 2),
      nsems: fc.integer({ min: -1, max: 4 }),
      flg: fc.constantFrom(
        IPC_CREAT | 0o600,
        IPC_CREAT | 0o666,
        IPC_CREAT | IPC_EXCL | 0o644,
        0,
        0o666,
        IPC_CREAT | 0o622,
      ),
    }),
    exit: fc.record({ k: fc.constant('exit' as const), t: task }),
    kill: fc.record({
      k: fc.constant('kill' as const),
      t: task,
      sig: fc.constantFrom(SIGKILL, SIGTERM, SIGUSR1, SIGUSR1, SIGSTOP, SIGCONT),
    }),
    fork: fc.record({ k: fc.constant('fork' as const), t: task, sysvsem: fc.boolean() }),
    thread: fc.record({
      k: fc.constant('thread' as const),
      t: task,
      own: o.ownThreads ? fc.boolean() : fc.constant(false),
    }),
    unshare: fc.record({ k: fc.constant('unshare' as const), t: task }),
    exec: fc.record({ k: fc.constant('exec' as const), t: task }),
    setns: fc.record({ k: fc.constant('setns' as const), t: task }),
    advance: fc.record({
      k: fc.constant('advance' as const),
      ns: fc.constantFrom(1_000_000, 200_000_000, 1_000_000_000, 2_500_000_000),
    }),
    settime: fc.record({ k: fc.constant('settime' as const), delta: fc.constantFrom(-100, -3, 50) }),
  };
  const w = weights(o);
  return fc.oneof(
    ...(Object.keys(arbs) as Kind[])
      .filter((k) => w[k] > 0)
      .map((k) => ({ weight: w[k], arbitrary: arbs[k] })),
  );
}

function setupArb(o: GenOptions): fc.Arbitrary<Setup> {
  const init = o.highInit
    ? fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
        { weight: 1, arbitrary: fc.integer({ min: 32764, max: 32767 }) },
      )
    : fc.integer({ min: 0, max: 3 });
  const nsemsArb = fc.oneof(
    { weight: 2, arbitrary: fc.constant(1) },
    { weight: 24, arbitrary: fc.constantFrom(2, 3, 3, 4, 4) },
    { weight: 1, arbitrary: fc.constant(66) },
  );
  const set = nsemsArb.chain((nsems) =>
    fc.record({
      creator: fc.nat(4),
      nsems: fc.constant(nsems),
      mode: fc.constantFrom(0o600, 0o666, 0o666, 0o644, 0o622),
      vals: fc.array(init, { minLength: nsems, maxLength: nsems }),
    }),
  );
  return fc.record({
    uids: fc.array(fc.constantFrom(0 as const, 0 as const, 1000 as const), { minLength: 3, maxLength: 7 }),
    sets: o.focus
      ? fc.array(set, { minLength: 1, maxLength: 1 })
      : fc.oneof(
          { weight: 3, arbitrary: fc.array(set, { minLength: 1, maxLength: 1 }) },
          { weight: 2, arbitrary: fc.array(set, { minLength: 2, maxLength: 3 }) },
        ),
  });
}

export function scenarioArb(o: GenOptions): fc.Arbitrary<Scenario> {
  return fc.record({
    setup: setupArb(o),
    cmds: fc.array(cmdArb(o), { minLength: 1, maxLength: o.maxCmds, size: 'max' }),
  });
}

/** The id a SetRef names, given every id semget has returned so far and those still live. */
export function resolveSet(all: readonly number[], live: readonly number[], s: SetRef): number {
  const base = s.bogus === 3 || live.length === 0 ? all : live;
  const id = base[s.i % base.length]!;
  return s.bogus === 2 ? -1 : s.bogus === 1 ? id + 32768 : id;
}

export interface TaskState {
  alive: boolean;
  blocked: boolean;
  stopped: boolean;
}

/**
 * The task (index into the task list, the observer at 0 never chosen) a command's `t` names: the
 * t-th (modulo) of the tasks that can do it — for a call, a live task that is neither asleep in semop
 * nor stopped; for exit, a live task of a running process; for kill, a live task. Null when there is
 * none (the step is skipped), and for clock steps.
 */
export function pickTask(c: Cmd, states: readonly TaskState[]): number | null {
  if (c.k === 'advance' || c.k === 'settime') return null;
  if ((c.k === 'fork' || c.k === 'thread') && states.length >= MAX_TASKS) return null;
  const can = (s: TaskState) =>
    c.k === 'kill' ? s.alive : c.k === 'exit' ? s.alive && !s.stopped : s.alive && !s.blocked && !s.stopped;
  const cands: number[] = [];
  states.forEach((s, i) => {
    if (i > 0 && can(s)) cands.push(i);
  });
  return cands.length ? cands[c.t % cands.length]! : null;
}

/** Most tasks a history may create (fork/thread beyond this are skipped). */
export const MAX_TASKS = 12;

export function flagsText(f: number): string {
  const parts: string[] = [];
  if (f & SEM_UNDO) parts.push('U');
  if (f & IPC_NOWAIT) parts.push('NOWAIT');
  const rest = f & ~(SEM_UNDO | IPC_NOWAIT);
  if (rest) parts.push(`0x${rest.toString(16)}`);
  return parts.join('|');
}

const SIG_NAMES: Record<number, string> = {
  [SIGKILL]: 'SIGKILL',
  [SIGTERM]: 'SIGTERM',
  [SIGUSR1]: 'SIGUSR1',
  [SIGSTOP]: 'SIGSTOP',
  [SIGCONT]: 'SIGCONT',
};
const CMD_NAMES: Record<number, string> = {
  [GETVAL]: 'GETVAL',
  [GETPID]: 'GETPID',
  [GETNCNT]: 'GETNCNT',
  [GETZCNT]: 'GETZCNT',
  [GETALL]: 'GETALL',
  [IPC_STAT]: 'IPC_STAT',
};

/**
 * A readable rendering of a command (the task and set it names are resolved when it runs and shown
 * next to it in failure reports: see stepText in kernel-driver.ts).
 */
export function cmdText(c: Cmd): string {
  const ref = (s: SetRef) =>
    s.bogus === 1 ? 'id+32768' : s.bogus === 2 ? 'id -1' : s.bogus === 3 ? 'an id ever returned' : 'id';
  switch (c.k) {
    case 'semop': {
      const ops = c.sops.map((s) => `{${s.num},${s.op}${s.flg ? ',' + flagsText(s.flg) : ''}}`).join(',');
      const how =
        c.how === 'timed' ? `semtimedop(timeout ${c.timeout}ns)` : c.how === 'try' ? 'trySemop' : 'semop';
      return `${how}(${ref(c.s)}, [${ops}])`;
    }
    case 'setval':
      return `semctl(${ref(c.s)}, ${c.num}, SETVAL, ${c.val})`;
    case 'setall':
      return `semctl(${ref(c.s)}, 0, SETALL, [${c.vals.join(',')}])`;
    case 'get':
      return `semctl(${ref(c.s)}, ${c.num}, ${CMD_NAMES[c.cmd] ?? c.cmd})`;
    case 'ipcset':
      return `semctl(${ref(c.s)}, 0, IPC_SET, {uid: own, gid: own, mode: 0${c.mode.toString(8)}})`;
    case 'rmid':
      return `semctl(${ref(c.s)}, 0, IPC_RMID)`;
    case 'semget':
      return `semget(key ${c.key}, ${c.nsems}, 0${c.flg.toString(8)})`;
    case 'exit':
      return 'exit';
    case 'kill':
      return `kill(its process, ${SIG_NAMES[c.sig] ?? c.sig})`;
    case 'fork':
      return `fork${c.sysvsem ? '(CLONE_SYSVSEM)' : ''}`;
    case 'thread':
      return `thread${c.own ? '(own undo list)' : '(shared undo list)'}`;
    case 'unshare':
      return 'unshare(CLONE_SYSVSEM)';
    case 'exec':
      return 'execve';
    case 'setns':
      return 'setns(its own IPC namespace)';
    case 'advance':
      return `clock.advance(${c.ns}ns)`;
    case 'settime':
      return `clock.setRealtime(now ${c.delta < 0 ? '-' : '+'} ${Math.abs(c.delta)}s)`;
  }
}

/**
 * The sop a call would block on if evaluated now (spec 5.2: sops applied in array order, intermediate
 * values count), or 'proceeds' if none blocks. Values only: ERANGE is not looked at.
 */
export function blockingSop(vals: readonly number[], sops: readonly Sop[]): number | 'proceeds' {
  const v = vals.slice();
  for (let k = 0; k < sops.length; k++) {
    const s = sops[k]!;
    if ((s.op === 0 && v[s.num] !== 0) || v[s.num]! + s.op < 0) return k;
    v[s.num] = v[s.num]! + s.op;
  }
  return 'proceeds';
}
