// Property: hostile writes. Random bytes and almost-valid lines written to a task's own semundo file
// (P, its thread T and its child F that share P's list, its thread U with a list of its own, O, root,
// and N in another IPC namespace; through each path that names the writer's own list) only ever fail
// with the ErrnoError that
// the checks of semundo(5), in their order, give (EINVAL, ERANGE or EACCES). A rejected write leaves
// every task's undo list (read as root through /proc/<tid>/semundo) as it was; an accepted one returns
// the byte count and puts the written entries in front of the writer's list (and of the list's other
// holders); and no write moves any semaphore's value, sempid, otime or ctime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ErrnoError,
  IPC_CREAT,
  IPC_PRIVATE,
  IPC_RMID,
  IPC_STAT,
  SEM_UNDO,
  type Task,
} from '../../src/api/index.js';
import { kernelEntries, linesOf, renderEntry, type Entry } from './semundo-format.js';
import { attempt, historyArb, replay, type World } from './semundo-history.js';
import { runProperty } from './harness.js';
import { snapshot } from './semundo-snapshot.js';
import { dataArb, dataText, type Pool } from './semundo-write-arb.js';
import { afterWrite, expectWrite, type SetFact } from './semundo-write-oracle.js';

interface Bench {
  w: World;
  /** The other namespace's root and its uid-1000 task N. */
  nsRoot: Task;
  n: Task;
  /** P's thread with its own list, and P's child sharing P's list (fork with CLONE_SYSVSEM). */
  u: Task;
  f: Task;
  sets: { root: Task; id: number }[];
  /** Every candidate id, and the nsems of a set each names or named (ids repeat across namespaces). */
  ids: number[];
  nsems: Map<number, number>;
}

function bench(w: World): Bench {
  const nsRoot = w.k.spawn({ newipc: true });
  const n = nsRoot.fork();
  n.setcred({ uid: 1000, gid: 1000 });
  const nIds = [
    nsRoot.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o666),
    nsRoot.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o644),
  ];
  attempt(() => n.trySemop(nIds[0]!, [{ sem_num: 1, sem_op: 1, sem_flg: SEM_UNDO }]));
  const u = w.p.thread({ sysvsem: false });
  const f = w.p.fork({ sysvsem: true });
  attempt(() => u.trySemop(w.ids[0]!, [{ sem_num: 0, sem_op: 0, sem_flg: SEM_UNDO }]));
  const gone = w.k.init.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o666);
  attempt(() => w.p.trySemop(gone, [{ sem_num: 0, sem_op: 1, sem_flg: SEM_UNDO }]));
  w.k.init.semctl(gone, 0, IPC_RMID);
  const sets = [...w.ids.map((id) => ({ root: w.k.init, id })), ...nIds.map((id) => ({ root: nsRoot, id }))];
  const nsems = new Map<number, number>([[gone, 2]]);
  for (const s of sets)
    attempt(() => nsems.set(s.id, (s.root.semctl(s.id, 0, IPC_STAT) as { sem_nsems: number }).sem_nsems));
  const ids = [...w.ids, ...nIds, gone, w.ids[0]! + 32768, 999999, -1, 2147483647];
  return { w, nsRoot, n, u, f, sets, ids, nsems };
}

/** ipc/util.c ipcperms for the alter (write) bit, as semundo(5) asks of a writer. */
function mayAlter(
  t: Task,
  perm: { uid: number; gid: number; cuid: number; cgid: number; mode: number },
): boolean {
  const c = t.k.cred;
  if (c.euid === 0) return true;
  const groups = [c.egid, ...c.groups];
  const bits =
    c.euid === perm.uid || c.euid === perm.cuid
      ? perm.mode >> 6
      : groups.includes(perm.gid) || groups.includes(perm.cgid)
        ? perm.mode >> 3
        : perm.mode;
  return (bits & 2) !== 0;
}

function factsFor(b: Bench, writer: Task): Map<number, SetFact> {
  const root = writer === b.n ? b.nsRoot : b.w.k.init;
  const facts = new Map<number, SetFact>();
  for (const s of b.sets)
    if (s.root === root)
      attempt(() => {
        const st = root.semctl(s.id, 0, IPC_STAT) as {
          sem_nsems: number;
          sem_perm: Parameters<typeof mayAlter>[1];
        };
        const current = kernelEntries(writer).find((e) => e.semid === s.id)?.semadj;
        facts.set(s.id, { nsems: st.sem_nsems, alter: mayAlter(writer, st.sem_perm), current });
      });
  return facts;
}

function poolFor(b: Bench, facts: Map<number, SetFact>): Pool {
  return {
    live: [...facts.keys()],
    ids: b.ids,
    nsemsHint: (id) => facts.get(id)?.nsems ?? b.nsems.get(id) ?? 1,
  };
}

function entriesOf(text: string): Entry[] {
  return linesOf(text).map((l) => {
    const [semid, nsems, ...semadj] = l.trim().split(/ +/).map(Number) as [number, number, ...number[]];
    return { semid, nsems, semadj };
  });
}

const WRITERS = [
  'p',
  'p-pid',
  'p-thread',
  't',
  't-thread',
  't-task',
  'f',
  'u-thread',
  'u-task',
  'o',
  'n',
  'root',
];

/** The writing task, the path it writes, and the tasks holding the list it writes. */
function writerOf(b: Bench, who: string): [Task, string, Task[]] {
  const { p, t, o, k } = b.w;
  const { u, f } = b;
  const shared = [p, t, f];
  const table: Record<string, [Task, string, Task[]]> = {
    p: [p, '/proc/self/semundo', shared],
    'p-pid': [p, `/proc/${p.pid}/semundo`, shared],
    'p-thread': [p, '/proc/thread-self/semundo', shared],
    t: [t, '/proc/self/semundo', shared],
    't-thread': [t, '/proc/thread-self/semundo', shared],
    't-task': [t, `/proc/${p.pid}/task/${t.tid}/semundo`, shared],
    f: [f, '/proc/self/semundo', shared],
    'u-thread': [u, '/proc/thread-self/semundo', [u]],
    'u-task': [u, `/proc/${p.pid}/task/${u.tid}/semundo`, [u]],
    o: [o, '/proc/self/semundo', [o]],
    n: [b.n, '/proc/self/semundo', [b.n]],
    root: [k.init, '/proc/self/semundo', [k.init]],
  };
  return table[who]!;
}

const caseArb = fc.record({
  h: historyArb({ anyPerms: true, control: true, others: true, maxSteps: 15 }),
  writes: fc.array(fc.record({ who: fc.constantFrom(...WRITERS), data: dataArb }), {
    minLength: 1,
    maxLength: 4,
  }),
});

test('property: hostile writes fail cleanly with the documented errno and change nothing', async () => {
  await runProperty(
    'semundo-hostile-write',
    caseArb,
    ({ h, writes }) => {
      const b = bench(replay(h));
      for (const { who, data: recipe } of writes) {
        const [writer, path, holders] = writerOf(b, who);
        const facts = factsFor(b, writer);
        const data = dataText(recipe, poolFor(b, facts));
        const expected = expectWrite(data, (id) => facts.get(id));
        const before = snapshot(b.w.k, b.sets);
        let got: number | string;
        try {
          got = writer.writeFile(path, data);
        } catch (e) {
          if (!(e instanceof ErrnoError)) throw e;
          got = e.code;
        }
        const after = snapshot(b.w.k, b.sets);
        const what = `${who} wrote ${JSON.stringify(data)}`;
        assert.deepEqual(after.sets, before.sets, `${what}: semaphores moved`);
        assert.deepEqual(after.sysvipc, before.sysvipc, `${what}: /proc/sysvipc/sem changed`);
        if ('err' in expected) {
          assert.equal(got, expected.err, what);
          assert.deepEqual(after.lists, before.lists, `${what}: rejected, yet a list changed`);
          continue;
        }
        assert.equal(got, data.length, what);
        const want = afterWrite(entriesOf(before.lists[writer.tid]!), expected.ok).map(renderEntry).join('');
        for (const tid of Object.keys(after.lists).map(Number))
          assert.equal(
            after.lists[tid],
            holders.some((x) => x.tid === tid) ? want : before.lists[tid],
            `${what}: list of task ${tid}`,
          );
      }
    },
    { numRuns: 1500, timeLimitMs: 2500 },
  );
});
