// Property: a line is never torn. A reader reads P's semundo file in random chunk sizes, rewinding to 0
// now and then, while between two reads P (or its thread) makes SEM_UNDO semops, creates sets, unshares
// its list, or ends (exit or SIGKILL), and root sets values or removes sets. Every line returned is a
// whole, well-formed line that was true of some state of P's list between the open and its last byte;
// no line begins after P has ended, and no line of a set begins after the set was removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CLONE_SYSVSEM,
  IPC_CREAT,
  IPC_PRIVATE,
  IPC_RMID,
  SEEK_SET,
  SEM_UNDO,
  SETVAL,
  SIGKILL,
  type Task,
} from '../../src/api/index.js';
import { kernelEntries, linesOf, renderEntry, wellFormed } from './semundo-format.js';
import { attempt, historyArb, replay, type World } from './semundo-history.js';
import { runProperty } from './harness.js';

type Change =
  | { k: 'op'; who: 'p' | 't'; set: number; num: number; op: number }
  | { k: 'setval'; set: number; num: number; val: number }
  | { k: 'rmid'; set: number }
  | { k: 'newset'; nsems: number }
  | { k: 'unshare' }
  | { k: 'end'; kill: boolean };

type Act = { k: 'read'; size: number } | { k: 'rewind' } | { k: 'change'; c: Change };

const change: fc.Arbitrary<Change> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        who: fc.constantFrom('p' as const, 't' as const),
        set: fc.nat(9),
        num: fc.nat(3),
        op: fc.integer({ min: -2, max: 2 }),
      })
      .map((c): Change => ({ k: 'op', ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ set: fc.nat(9), num: fc.nat(3), val: fc.nat(4) })
      .map((c): Change => ({ k: 'setval', ...c })),
  },
  { weight: 2, arbitrary: fc.nat(9).map((set): Change => ({ k: 'rmid', set })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }).map((nsems): Change => ({ k: 'newset', nsems })) },
  { weight: 1, arbitrary: fc.constant<Change>({ k: 'unshare' }) },
  { weight: 1, arbitrary: fc.boolean().map((kill): Change => ({ k: 'end', kill })) },
);

const act: fc.Arbitrary<Act> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 48 }).map((size): Act => ({ k: 'read', size })) },
  { weight: 1, arbitrary: fc.constant<Act>({ k: 'rewind' }) },
  { weight: 4, arbitrary: change.map((c): Act => ({ k: 'change', c })) },
);

const caseArb = fc.record({
  h: historyArb({ anyPerms: true, control: true, others: true, maxSteps: 20 }),
  reader: fc.constantFrom('self', 'root', 'peer'),
  acts: fc.array(act, { minLength: 5, maxLength: 60, size: 'max' }),
});

/** One open file of P's semundo, and what may be said of the bytes it returned since the last rewind. */
class Watch {
  private text = '';
  private checked = 0;
  /** Every line P's list showed since the open. */
  readonly seen = new Set<string>();
  ended = false;
  readonly removed = new Set<number>();
  /** For each line begun, whether P had ended then and which sets were removed. */
  private begun = new Map<number, { ended: boolean; removed: Set<number> }>();

  constructor(private readonly w: World) {
    this.observe();
  }

  observe(): void {
    for (const e of kernelEntries(this.w.p)) this.seen.add(renderEntry(e));
  }

  add(chunk: string): void {
    const from = this.text.length;
    this.text += chunk;
    for (let i = from; i < this.text.length; i++)
      if (i === 0 || this.text[i - 1] === '\n')
        this.begun.set(i, { ended: this.ended, removed: new Set(this.removed) });
    let at = this.checked;
    for (const line of linesOf(this.text.slice(this.checked))) {
      if (!line.endsWith('\n')) break;
      const b = this.begun.get(at)!;
      assert.ok(wellFormed(line), `malformed line ${JSON.stringify(line)}`);
      assert.ok(this.seen.has(line), `line ${JSON.stringify(line)} was never true of P's list`);
      assert.ok(!b.ended, `line ${JSON.stringify(line)} begun after P ended`);
      assert.ok(
        !b.removed.has(Number(line.trim().split(/ +/)[0])),
        `line ${JSON.stringify(line)} of a removed set`,
      );
      at += line.length;
    }
    this.checked = at;
  }

  /** Starts over from offset 0; the line left unfinished must begin a line that was true. */
  rewind(): void {
    const rest = this.text.slice(this.checked);
    assert.ok(
      rest === '' || [...this.seen].some((l) => l.startsWith(rest)),
      `torn line ${JSON.stringify(rest)}`,
    );
    this.text = '';
    this.checked = 0;
    this.begun = new Map();
  }

  /** At end of file no line is left unfinished. */
  atEnd(): void {
    assert.equal(
      this.checked,
      this.text.length,
      `unfinished line ${JSON.stringify(this.text.slice(this.checked))}`,
    );
  }
}

function apply(w: World, ids: number[], c: Change, watch: Watch): void {
  const id = ids[c.k === 'op' || c.k === 'setval' || c.k === 'rmid' ? c.set % ids.length : 0]!;
  attempt(() => {
    if (c.k === 'op') w[c.who].trySemop(id, [{ sem_num: c.num, sem_op: c.op, sem_flg: SEM_UNDO }]);
    else if (c.k === 'setval') w.k.init.semctl(id, c.num, SETVAL, c.val);
    else if (c.k === 'rmid') {
      w.k.init.semctl(id, 0, IPC_RMID);
      watch.removed.add(id);
    } else if (c.k === 'newset') {
      const nid = w.p.semget(IPC_PRIVATE, c.nsems, IPC_CREAT | 0o600);
      ids.push(nid);
      w.p.trySemop(nid, [{ sem_num: c.nsems - 1, sem_op: 1, sem_flg: SEM_UNDO }]);
    } else if (c.k === 'unshare') w.p.unshare(CLONE_SYSVSEM);
    else {
      if (c.kill) w.p.kill(SIGKILL);
      else w.p.exit();
      watch.ended = true;
    }
  });
  watch.observe();
}

function opener(w: World, reader: string): [Task, string] {
  if (reader === 'self') return [w.p, '/proc/self/semundo'];
  if (reader === 'root') return [w.k.init, `/proc/${w.p.pid}/semundo`];
  const peer = w.k.spawn({ uid: 1000 });
  return [peer, `/proc/${w.p.pid}/task/${w.p.tid}/semundo`];
}

test('property: lines read while the list changes are whole and were true of some state', async () => {
  await runProperty(
    'semundo-read-changes',
    caseArb,
    ({ h, reader, acts }) => {
      const w = replay(h);
      const ids = [...w.ids];
      const [r, path] = opener(w, reader);
      const fd = r.open(path);
      const watch = new Watch(w);
      for (const a of acts) {
        if (a.k === 'read') watch.add(r.read(fd, a.size));
        else if (a.k === 'rewind') {
          watch.rewind();
          r.lseek(fd, 0, SEEK_SET);
        } else if (!(r === w.p && a.c.k === 'end')) apply(w, ids, a.c, watch);
      }
      for (let c = r.read(fd, 7); c.length > 0; c = r.read(fd, 7)) watch.add(c);
      watch.atEnd();
    },
    { numRuns: 2500, timeLimitMs: 2000 },
  );
});
