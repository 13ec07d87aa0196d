// Random histories of System V semaphore calls that give a process P an undo list, and their replay on
// a fresh kernel. P (uid 1000) has a thread T sharing its list; O (uid 2000) is another process; root
// (pid 1) sets values, removes sets and changes modes.
import fc from 'fast-check';
import {
  ErrnoError,
  IPC_CREAT,
  IPC_PRIVATE,
  IPC_RMID,
  IPC_SET,
  ManualClock,
  SEM_UNDO,
  SETALL,
  SETVAL,
  createKernel,
  type Kernel,
  type Sembuf,
  type Task,
} from '../../src/api/index.js';

export const P_UID = 1000;
export const O_UID = 2000;

export interface SetSpec {
  /** Created by P (else by O). */
  byP: boolean;
  mode: number;
  vals: number[];
}

export type Who = 'p' | 't' | 'o';

export type Step =
  | { k: 'op'; who: Who; set: number; sops: Sembuf[] }
  | { k: 'setval'; set: number; num: number; val: number }
  | { k: 'rmid'; set: number }
  | { k: 'chmod'; set: number; mode: number };

export interface History {
  sets: SetSpec[];
  steps: Step[];
}

export interface HistoryOptions {
  /** Sets P may not alter, and mode changes, as well as sets P may alter. */
  anyPerms: boolean;
  /** SETVAL and IPC_RMID by root. */
  control: boolean;
  /** Calls by O, with or without SEM_UNDO. */
  others: boolean;
  maxSteps: number;
}

/** Modes that let P alter a set it created / a set O created (uid and gid both differ). */
const ALTER_BY_OWNER = [0o600, 0o644, 0o200, 0o666];
const ALTER_BY_OTHER = [0o666, 0o622];
const ANY = [0o600, 0o644, 0o666, 0o622, 0o444, 0o400, 0o000];

function setArb(o: HistoryOptions): fc.Arbitrary<SetSpec> {
  return fc.record({ byP: fc.boolean(), nsems: fc.integer({ min: 1, max: 4 }) }).chain((s) =>
    fc.record({
      byP: fc.constant(s.byP),
      mode: fc.constantFrom(...(o.anyPerms ? ANY : s.byP ? ALTER_BY_OWNER : ALTER_BY_OTHER)),
      vals: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: s.nsems, maxLength: s.nsems }),
    }),
  );
}

const opValue = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(-32767, -20000, 20000, 32767) },
);

function sopsArb(nsets: number, undoWeight: number): fc.Arbitrary<{ set: number; sops: Sembuf[] }> {
  return fc.record({
    set: fc.nat(nsets - 1),
    sops: fc.array(
      fc.record({
        sem_num: fc.oneof({ weight: 9, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.constant(5) }),
        sem_op: opValue,
        sem_flg: fc.oneof(
          { weight: undoWeight, arbitrary: fc.constant(SEM_UNDO) },
          { weight: 1, arbitrary: fc.constant(0) },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });
}

function stepArb(nsets: number, o: HistoryOptions): fc.Arbitrary<Step> {
  const own = sopsArb(nsets, 6).chain((s) =>
    fc.constantFrom<Who>('p', 't').map((who): Step => ({ k: 'op', who, ...s })),
  );
  const steps: fc.WeightedArbitrary<Step>[] = [{ weight: 10, arbitrary: own }];
  if (o.others)
    steps.push({ weight: 3, arbitrary: sopsArb(nsets, 1).map((s): Step => ({ k: 'op', who: 'o', ...s })) });
  if (o.control) {
    const set = fc.nat(nsets - 1);
    steps.push({
      weight: 1,
      arbitrary: fc
        .record({ set, num: fc.nat(3), val: fc.integer({ min: 0, max: 6 }) })
        .map((s): Step => ({ k: 'setval', ...s })),
    });
    steps.push({ weight: 1, arbitrary: set.map((s): Step => ({ k: 'rmid', set: s })) });
  }
  if (o.anyPerms)
    steps.push({
      weight: 1,
      arbitrary: fc
        .record({ set: fc.nat(nsets - 1), mode: fc.constantFrom(...ANY) })
        .map((s): Step => ({ k: 'chmod', ...s })),
    });
  return fc.oneof(...steps);
}

export function historyArb(o: HistoryOptions): fc.Arbitrary<History> {
  return fc.array(setArb(o), { minLength: 1, maxLength: 5 }).chain((sets) =>
    fc.record({
      sets: fc.constant(sets),
      steps: fc.array(stepArb(sets.length, o), { maxLength: o.maxSteps, size: 'max' }),
    }),
  );
}

export interface World {
  k: Kernel;
  clock: ManualClock;
  p: Task;
  t: Task;
  o: Task;
  ids: number[];
  /** Per step: whether the call succeeded. */
  ok: boolean[];
}

/** Runs `f`, turning an ErrnoError into false; anything else is rethrown. */
export function attempt(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof ErrnoError) return false;
    throw e;
  }
}

/** The history replayed on a fresh kernel whose clock starts at `realtime` and never moves. */
export function replay(h: History, realtime = 1_800_000_000): World {
  const clock = new ManualClock(realtime);
  const k = createKernel({ clock });
  const root = k.init;
  const p = k.spawn({ uid: P_UID });
  const t = p.thread();
  const o = k.spawn({ uid: O_UID });
  const ids = h.sets.map((s) => {
    const id = (s.byP ? p : o).semget(IPC_PRIVATE, s.vals.length, IPC_CREAT | s.mode);
    root.semctl(id, 0, SETALL, s.vals);
    return id;
  });
  const task = { p, t, o };
  const ok = h.steps.map((s) =>
    attempt(() => {
      const id = ids[s.set]!;
      if (s.k === 'op') task[s.who].trySemop(id, s.sops);
      else if (s.k === 'setval') root.semctl(id, s.num, SETVAL, s.val);
      else if (s.k === 'rmid') root.semctl(id, 0, IPC_RMID);
      else root.semctl(id, 0, IPC_SET, { uid: ownerUid(h, s.set), gid: ownerUid(h, s.set), mode: s.mode });
    }),
  );
  return { k, clock, p, t, o, ids, ok };
}

function ownerUid(h: History, set: number): number {
  return h.sets[set]!.byP ? P_UID : O_UID;
}
