// decodeImage, the consistency stage, part 1: sets, namespaces, processes, threads and the indexes
// they hold, each refusal with its exact path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeImage } from '../../src/image/decode.js';
import type { ImageBody, SleepingCallImage } from '../../src/image/image-types.js';
import { assertRefused, textWith } from './fixtures.js';

const sleeping = (b: ImageBody, p: number, t: number) =>
  b.processes[p]!.threads[t]!.call as SleepingCallImage;
const accepted = (change: (b: ImageBody) => void) => assert.ok(decodeImage(textWith(change)));

test('a host image holds sets only', () => {
  assertRefused(
    textWith((b) => (b.source = 'host')),
    'body.processes',
    'body.processes: a host image holds no processes',
  );
  assertRefused(
    textWith((b) => {
      b.source = 'host';
      b.processes = [];
    }),
    'body.undoLists',
    'body.undoLists: a host image holds no undo lists',
  );
  accepted((b) => {
    b.source = 'host';
    b.processes = [];
    b.undoLists = [];
    b.namespaces.pop();
    b.namespaces[0]!.sets.forEach((s) => (s.queues = { alter: [], const: [], sems: [] }));
    b.lastPid = 0;
  });
});

test('namespaces: distinct inode numbers', () => {
  assertRefused(
    textWith((b) => (b.namespaces[1]!.inum = b.namespaces[0]!.inum)),
    'body.namespaces[1].inum',
    'body.namespaces[1].inum: 4026531839 also names namespaces[0]',
  );
});

test('sets: in index order, one per index, non-zero keys distinct', () => {
  assertRefused(
    textWith((b) => b.namespaces[0]!.sets.reverse()),
    'body.namespaces[0].sets[1].id',
    'body.namespaces[0].sets[1].id: 32769 has index 1, which does not come after index 3 of sets[0] (sets are in index order, one per index)',
  );
  assertRefused(
    textWith((b) => (b.namespaces[0]!.sets[2]!.id = 65537)),
    'body.namespaces[0].sets[2].id',
    /65537 has index 1, which does not come after index 1 of sets\[1\]/,
  );
  assertRefused(
    textWith((b) => (b.namespaces[0]!.sets[2]!.key = 1234)),
    'body.namespaces[0].sets[2].key',
    'body.namespaces[0].sets[2].key: 1234 is also the key of sets[1]',
  );
  accepted((b) => (b.namespaces[0]!.sets[2]!.key = 0));
  accepted((b) => {
    b.namespaces[0]!.sets[2]!.id = 65535 * 32768 + 3;
    sleeping(b, 3, 0).semid = 65535 * 32768 + 3;
  });
});

test('per-semaphore queues: ascending, of existing semaphores, not empty', () => {
  const sems = (b: ImageBody) => b.namespaces[0]!.sets[1]!.queues.sems;
  assertRefused(
    textWith((b) => sems(b).push({ num: 2, alter: [], const: [99] })),
    'body.namespaces[0].sets[1].queues.sems[1].num',
    'body.namespaces[0].sets[1].queues.sems[1].num: 2 does not come after 2 (ascending, each semaphore once)',
  );
  assertRefused(
    textWith((b) => (sems(b)[0]!.num = 3)),
    'body.namespaces[0].sets[1].queues.sems[0].num',
    'body.namespaces[0].sets[1].queues.sems[0].num: 3 >= nsems 3',
  );
  assertRefused(
    textWith((b) => sems(b).unshift({ num: 0, alter: [], const: [] })),
    'body.namespaces[0].sets[1].queues.sems[0]',
    'body.namespaces[0].sets[1].queues.sems[0]: both queues are empty (only semaphores with a sleeper are listed)',
  );
});

test('processes: in pid order; dispositions in signal order, never SIGKILL or SIGSTOP', () => {
  assertRefused(
    textWith((b) => b.processes.reverse()),
    'body.processes[1].pid',
    'body.processes[1].pid: 13 does not come after 14 (processes are in pid order)',
  );
  assertRefused(
    textWith((b) => b.processes[2]!.dispositions.reverse()),
    'body.processes[2].dispositions[1]',
    'body.processes[2].dispositions[1]: 10 does not come after 15 (ascending by signal, each signal once)',
  );
  assertRefused(
    textWith((b) => b.processes[2]!.dispositions.push({ sig: 15, action: 'catch' })),
    'body.processes[2].dispositions[2]',
    /15 does not come after 15/,
  );
  assertRefused(
    textWith((b) => (b.processes[2]!.dispositions[0]!.sig = 9)),
    'body.processes[2].dispositions[0].sig',
    'body.processes[2].dispositions[0].sig: 9 (SIGKILL) cannot be caught or ignored',
  );
  assertRefused(
    textWith((b) => b.processes[2]!.dispositions.push({ sig: 19, action: 'ignore' })),
    'body.processes[2].dispositions[2].sig',
    /19 \(SIGSTOP\) cannot be caught or ignored/,
  );
});

test('threads: created after their process, in tid order, tids distinct from every other pid and tid', () => {
  assertRefused(
    textWith((b) => (b.processes[4]!.threads[0]!.tid = 13)),
    'body.processes[4].threads[0].tid',
    'body.processes[4].threads[0].tid: 13 < pid 14 (a thread is created after its process)',
  );
  assertRefused(
    textWith((b) => b.processes[4]!.threads.reverse()),
    'body.processes[4].threads[1]',
    /14 does not come after 16 \(threads are in creation order/,
  );
  assertRefused(
    textWith((b) => {
      b.processes[4]!.threads[1]!.tid = 15;
      b.processes[3]!.threads[0]!.tid = 15;
      b.processes[3]!.pid = 13;
    }),
    'body.processes[4].threads[1].tid',
    'body.processes[4].threads[1].tid: 15 is also the tid of body.processes[3].threads[0]',
  );
  assertRefused(
    textWith((b) => {
      b.processes[1]!.threads[1]!.tid = 12;
    }),
    'body.processes[1].threads[1].tid',
    'body.processes[1].threads[1].tid: 12 is also the pid of processes[2]',
  );
  assertRefused(
    textWith((b) => (b.lastPid = 15)),
    'body.lastPid',
    'body.lastPid: 15 < 16, the tid of body.processes[4].threads[1] (pids are handed out in increasing order)',
  );
  accepted((b) => (b.lastPid = 16));
});

test('credentials: capabilities ascending and once; effective ones permitted', () => {
  const cred = (b: ImageBody) => b.processes[0]!.threads[0]!.cred;
  assertRefused(
    textWith((b) => cred(b).capPrm.reverse()),
    'body.processes[0].threads[0].cred.capPrm[1]',
    /21 does not come after 40 \(ascending, each capability once\)/,
  );
  assertRefused(
    textWith((b) => cred(b).capEff.push(40)),
    'body.processes[0].threads[0].cred.capEff[6]',
    /40 does not come after 40/,
  );
  assertRefused(
    textWith((b) => (cred(b).capPrm = [6, 7])),
    'body.processes[0].threads[0].cred.capEff[2]',
    'body.processes[0].threads[0].cred.capEff[2]: 15 is not in capPrm (effective capabilities are permitted ones)',
  );
  accepted((b) => (cred(b).capEff = []));
  accepted((b) => (cred(b).groups = [5, 5, 3, 4294967295]));
});

test('namespace and undo list indexes: in range, numbered in order of first use, all used', () => {
  assertRefused(
    textWith((b) => (b.processes[4]!.threads[1]!.ns = 2)),
    'body.processes[4].threads[1].ns',
    'body.processes[4].threads[1].ns: 2 >= 2 namespaces',
  );
  assertRefused(
    textWith((b) => {
      b.namespaces.push({ ...b.namespaces[1]!, inum: 1, sets: [] });
      for (const t of b.processes[4]!.threads) t.ns = 2;
    }),
    'body.processes[4].threads[0].ns',
    'body.processes[4].threads[0].ns: 2 is used before namespaces[1] (namespaces are numbered in order of first use)',
  );
  accepted((b) => (b.processes[0]!.threads[0]!.ns = 1));
  assertRefused(
    textWith((b) => {
      for (const t of b.processes[4]!.threads) t.ns = 0;
      b.undoLists[1]!.entries[0]!.semid = 32769;
      b.undoLists[1]!.entries[0]!.semadj = [0, 0, 0];
    }),
    'body.namespaces[1]',
    'body.namespaces[1]: no thread is in it (only namespaces[0] may have no threads)',
  );
  assertRefused(
    textWith((b) => (b.processes[4]!.threads[1]!.undoList = 2)),
    'body.processes[4].threads[1].undoList',
    'body.processes[4].threads[1].undoList: 2 >= 2 undoLists',
  );
  assertRefused(
    textWith((b) => (b.processes[1]!.threads[0]!.undoList = 1)),
    'body.processes[1].threads[0].undoList',
    /1 is used before undoLists\[0\] \(undoLists are numbered in order of first use\)/,
  );
  assertRefused(
    textWith((b) => {
      for (const t of b.processes[4]!.threads) t.undoList = null;
    }),
    'body.undoLists[1]',
    'body.undoLists[1]: no thread holds it',
  );
});
