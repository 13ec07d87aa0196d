// Property: parse(show(list)) == list. For an undo list built by random SEM_UNDO semops of a process P
// on several sets, /proc/self/semundo parses (parseSemundo) back to exactly the entries of the list, in
// list order, with the adjustments the successful calls left (semadj = minus the sum of their sem_ops,
// cleared by SETVAL); and writing what was read back into P changes nothing: the file reads the same,
// and every list, value, sempid and time is as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEM_UNDO } from '../../src/api/index.js';
import { parseSemundo } from '../../src/procfs/semundo-parse.js';
import { kernelEntries, renderEntry } from './semundo-format.js';
import { historyArb, replay, type History, type HistoryOptions, type World } from './semundo-history.js';
import { runProperty } from './harness.js';
import { snapshot } from './semundo-snapshot.js';

/** What each set's adjustments must be, from the successful calls alone. */
function expectedAdj(h: History, w: World): Map<number, number[]> {
  const adj = new Map<number, number[]>();
  const of = (set: number): number[] => {
    let a = adj.get(set);
    if (!a) adj.set(set, (a = h.sets[set]!.vals.map(() => 0)));
    return a;
  };
  h.steps.forEach((s, i) => {
    if (!w.ok[i]) return;
    if (s.k === 'op' && s.who !== 'o')
      for (const sop of s.sops) if (sop.sem_flg & SEM_UNDO) of(s.set)[sop.sem_num]! -= sop.sem_op;
    if (s.k === 'setval') of(s.set)[s.num] = 0;
    if (s.k === 'rmid') adj.delete(s.set);
  });
  return adj;
}

function checkParse(h: History): World {
  const w = replay(h);
  const text = w.p.readFile('/proc/self/semundo');
  const list = kernelEntries(w.p);
  assert.deepEqual(parseSemundo(text), list);
  assert.equal(text, list.map(renderEntry).join(''));
  const adj = expectedAdj(h, w);
  for (const e of list) {
    const set = w.ids.indexOf(e.semid);
    assert.deepEqual(e.semadj, adj.get(set) ?? e.semadj.map(() => 0), `adjustments of set ${e.semid}`);
  }
  for (const [set, a] of adj)
    if (a.some((v) => v !== 0))
      assert.ok(
        list.some((e) => e.semid === w.ids[set]),
        `entry of set ${w.ids[set]}`,
      );
  return w;
}

function checkWriteBack(h: History): void {
  const w = checkParse(h);
  const text = w.p.readFile('/proc/self/semundo');
  const sets = w.ids.map((id) => ({ root: w.k.init, id }));
  const before = snapshot(w.k, sets);
  assert.equal(w.p.writeFile('/proc/self/semundo', text), text.length);
  assert.equal(w.p.readFile('/proc/self/semundo'), text);
  assert.deepEqual(snapshot(w.k, sets), before);
}

const ALTERABLE: HistoryOptions = { anyPerms: false, control: true, others: true, maxSteps: 25 };
const ANY_SETS: HistoryOptions = { ...ALTERABLE, anyPerms: true };
const BUDGET = { numRuns: 1500, timeLimitMs: 1200 };

test('property: /proc/self/semundo parses back to the undo list, in list order', async () => {
  await runProperty('semundo-parse-show', historyArb(ANY_SETS), (h) => void checkParse(h), BUDGET);
});

test('property: writing back what was read changes nothing (sets P may alter)', async () => {
  await runProperty('semundo-write-back', historyArb(ALTERABLE), checkWriteBack, BUDGET);
});

test('property: writing back what was read changes nothing (any sets and modes)', async () => {
  await runProperty('semundo-write-back-any', historyArb(ANY_SETS), checkWriteBack, BUDGET);
});
