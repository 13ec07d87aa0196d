// Random image bodies that are valid by construction: processes and threads first (they decide which
// namespaces and undo lists exist), then the sets, the lists' entries, the calls and the queues. Built
// from one seed by a small generator (fast-check's own generators per field are much slower here).
import fc from 'fast-check';
import { IPC_NOWAIT, SEM_UNDO } from '../../src/abi/index.js';
import type {
  CallImage,
  CredImage,
  ImageBody,
  NamespaceImage,
  ProcessImage,
  SessionImage,
  SetImage,
  SleepingCallImage,
  ThreadImage,
  UndoListImage,
} from '../../src/image/image-types.js';

/** mulberry32: a seeded source of random numbers. */
class Rand {
  constructor(private s: number) {}

  private u32(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1) with 53 random bits. */
  private unit(): number {
    return (this.u32() * 2 ** 21 + (this.u32() >>> 11)) / 2 ** 53;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.unit() * (max - min + 1));
  }

  bool(): boolean {
    return (this.u32() & 1) === 1;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }

  /** The elements in a random order. */
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** Distinct integers in [min, max], ascending, at most maxLength of them. */
  ascending(min: number, max: number, maxLength: number): number[] {
    const picked = new Set<number>();
    for (let n = this.int(0, maxLength); n > 0; n--) picked.add(this.int(min, max));
    return [...picked].sort((a, b) => a - b);
  }
}

type G = Rand;
const int = (g: G, min: number, max: number): number => g.int(min, max);
const bool = (g: G): boolean => g.bool();
const ascending = (g: G, min: number, max: number, maxLength: number): number[] =>
  g.ascending(min, max, maxLength);

function cred(g: G): CredImage {
  const id = () => g.pick([0, 1000, 65534, 4294967294, 4294967295]);
  const caps = ascending(g, 0, 40, 4);
  const eff = caps.filter(() => bool(g));
  return {
    uid: id(),
    gid: id(),
    euid: id(),
    egid: id(),
    suid: id(),
    sgid: id(),
    fsuid: id(),
    fsgid: id(),
    groups: Array.from({ length: int(g, 0, 3) }, () => int(g, 0, 0xffffffff)),
    capEff: eff,
    capPrm: caps,
  };
}

function set(g: G, idx: number, n: number): SetImage {
  const nsems = int(g, 1, 4);
  return {
    id: int(g, 0, 65535) * 32768 + idx,
    key: bool(g) ? 0 : (idx + 1) * (bool(g) ? 1 : -1) * 1000 + n,
    uid: int(g, 0, 0xffffffff),
    gid: int(g, 0, 0xffffffff),
    cuid: int(g, 0, 2000),
    cgid: int(g, 0, 2000),
    mode: int(g, 0, 0o777),
    ctime: int(g, 0, 2e9),
    sems: Array.from({ length: nsems }, () => ({
      val: int(g, 0, 32767),
      pid: int(g, 0, 100),
      otime: int(g, 0, 2e9),
    })),
    queues: { alter: [], const: [], sems: [] },
  };
}

function namespace(g: G, n: number): NamespaceImage {
  const idxs = ascending(g, 0, 40, 4);
  return {
    inum: 4026531839 + n,
    limits: {
      semmsl: int(g, -(2 ** 31), 2 ** 31 - 1),
      semmns: int(g, 0, 2 ** 31 - 1),
      semopm: int(g, -5, 600),
      semmni: int(g, 0, 32768),
    },
    semNextId: bool(g) ? -1 : int(g, 0, 2 ** 31 - 1),
    ids: { seq: int(g, 0, 65534), lastIdx: int(g, -1, 32767), cursor: int(g, 0, 32768) },
    sets: idxs.map((idx) => set(g, idx, n)),
  };
}

/** A call that could have gone to sleep on `target` (undo only if the thread holds a list). */
function sleepingCall(g: G, target: SetImage, canUndo: boolean): SleepingCallImage {
  const nsems = target.sems.length;
  const sops = Array.from({ length: int(g, 1, 3) }, () => ({
    sem_num: int(g, 0, nsems - 1),
    sem_op: int(g, -3, 3),
    sem_flg: (canUndo && bool(g) ? SEM_UNDO : 0) | (bool(g) ? IPC_NOWAIT : 0),
  }));
  const blocking = int(g, 0, sops.length - 1);
  const b = sops[blocking]!;
  b.sem_op = b.sem_op > 0 ? -b.sem_op : b.sem_op;
  b.sem_flg &= ~IPC_NOWAIT;
  return {
    state: 'sleeping',
    semid: target.id,
    sops,
    blocking,
    undo: sops.some((s) => (s.sem_flg & SEM_UNDO) !== 0),
    remainingNs: bool(g) ? null : String(int(g, 0, Number.MAX_SAFE_INTEGER)),
  };
}

// ipc/sem.c queueing (src/kernel/sem-queue.ts), in a random order within each queue.
function fillQueues(g: G, target: SetImage, sleepers: { tid: number; call: SleepingCallImage }[]): void {
  const order = g.shuffle(sleepers);
  const complex = sleepers.some((s) => s.call.sops.length > 1);
  const per = new Map<number, { num: number; alter: number[]; const: number[] }>();
  const q = target.queues;
  for (const { tid, call } of order) {
    const alter = call.sops.some((s) => s.sem_op !== 0);
    if (call.sops.length > 1 || (alter && complex)) (alter ? q.alter : q.const).push(tid);
    else {
      const num = call.sops[0]!.sem_num;
      let e = per.get(num);
      if (!e) per.set(num, (e = { num, alter: [], const: [] }));
      (alter ? e.alter : e.const).push(tid);
    }
  }
  q.sems = [...per.values()].sort((a, b) => a.num - b.num);
}

const WORDS = ['', 'httpd', 'a b', 'é', '\u{1f600}', 'x'.repeat(64), '-k', 'start'];

/** A session's process map for the processes of a body. */
function session(g: G, processes: ProcessImage[]): SessionImage {
  const word = (max: number): string => WORDS[int(g, 0, WORDS.length - 1)]!.slice(0, max);
  const words = (): string[] => Array.from({ length: int(g, 0, 3) }, () => word(4096));
  return {
    takenAt: int(g, 0, 2 ** 40),
    command: words(),
    processes: processes.map((p) => ({
      pid: p.pid,
      ppid: int(g, 0, 5),
      comm: word(15),
      cmdline: words(),
      startTime: String(int(g, 0, 10 ** 9)),
    })),
  };
}

function build(g: G): ImageBody {
  const source = int(g, 0, 4) === 0 ? 'host' : 'model';
  const processes: ProcessImage[] = [];
  const listNs: number[] = [];
  let nsCount = 1;
  let next = 1;
  for (let p = source === 'host' ? 0 : int(g, 0, 4); p > 0; p--) {
    const pid = next + int(g, 0, 2);
    const tids = bool(g) ? [pid] : [];
    next = pid + 1;
    while (tids.length === 0 || (tids.length < 3 && bool(g))) {
      const tid = next + int(g, 0, 2);
      tids.push(tid);
      next = tid + 1;
    }
    const threads: ThreadImage[] = tids.map((tid) => {
      const ns = int(g, 0, Math.min(nsCount, 2));
      if (ns === nsCount) nsCount++;
      const mine = listNs.flatMap((n, l) => (n === ns ? [l] : []));
      const pick = int(g, 0, mine.length + 1);
      let undoList: number | null = null;
      if (pick === mine.length + 1) undoList = listNs.push(ns) - 1;
      else if (pick > 0) undoList = mine[pick - 1]!;
      return { tid, cred: cred(g), ns, undoList, call: null };
    });
    const dispositions = ascending(g, 1, 64, 3)
      .filter((s) => s !== 9 && s !== 19)
      .map((sig) => ({ sig, action: bool(g) ? ('catch' as const) : ('ignore' as const) }));
    processes.push({ pid, stopped: bool(g), dispositions, threads });
  }
  const namespaces = Array.from({ length: nsCount }, (_, n) => namespace(g, n));
  const undoLists: UndoListImage[] = listNs.map((n) => ({
    entries: g
      .shuffle(namespaces[n]!.sets)
      .filter(() => bool(g))
      .map((s) => ({
        semid: s.id,
        semadj: s.sems.map(() => int(g, -32768, 32767)),
      })),
  }));
  const sleepers = new Map<SetImage, { tid: number; call: SleepingCallImage }[]>();
  for (const proc of processes)
    for (const t of proc.threads) {
      const sets = namespaces[t.ns]!.sets;
      const kind = int(g, 0, 3);
      let call: CallImage | null = null;
      if (kind === 1 && proc.stopped) call = { state: 'held', status: -int(g, 1, 4095) };
      if (kind >= 2 && sets.length > 0) {
        const target = sets[int(g, 0, sets.length - 1)]!;
        const c = sleepingCall(g, target, t.undoList !== null);
        const list = t.undoList === null ? null : undoLists[t.undoList]!;
        if (c.undo && list && !list.entries.some((e) => e.semid === c.semid))
          list.entries.push({ semid: c.semid, semadj: target.sems.map(() => 0) });
        sleepers.set(target, [...(sleepers.get(target) ?? []), { tid: t.tid, call: c }]);
        call = c;
      }
      t.call = call;
    }
  for (const [target, list] of sleepers) fillQueues(g, target, list);
  const body: ImageBody = { source, lastPid: next - 1 + int(g, 0, 3), namespaces, undoLists, processes };
  if (source === 'model' && bool(g)) body.session = session(g, processes);
  return body;
}

/** Valid image bodies: every one decodes, and encodes again to the same text. */
export const bodyArb: fc.Arbitrary<ImageBody> = fc
  .noShrink(fc.integer())
  .map((seed) => build(new Rand(seed)));
