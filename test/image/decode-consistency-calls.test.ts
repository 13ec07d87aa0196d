// decodeImage, the consistency stage, part 2: undo lists, held and sleeping calls, and the queues,
// each refusal with its exact path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IPC_NOWAIT, SEM_UNDO } from '../../src/abi/index.js';
import { decodeImage } from '../../src/image/decode.js';
import type { ImageBody, SleepingCallImage } from '../../src/image/image-types.js';
import { assertRefused, textWith } from './fixtures.js';

const sleeping = (b: ImageBody, p: number, t: number) =>
  b.processes[p]!.threads[t]!.call as SleepingCallImage;
const accepted = (change: (b: ImageBody) => void) => assert.ok(decodeImage(textWith(change)));

test('undo lists: holders in one namespace; entries of distinct sets there, one adjustment per semaphore', () => {
  assertRefused(
    textWith((b) => (b.processes[4]!.threads[1]!.undoList = 0)),
    'body.processes[4].threads[1].ns',
    'body.processes[4].threads[1].ns: 1, but it shares undoLists[0] with body.processes[1].threads[0] in namespaces[0] (the holders of an undo list are in one namespace)',
  );
  assertRefused(
    textWith((b) => (b.undoLists[1]!.entries[0]!.semid = 3)),
    'body.undoLists[1].entries[0].semid',
    "body.undoLists[1].entries[0].semid: no set 3 in namespaces[1], the namespace of the list's holders",
  );
  assertRefused(
    textWith((b) => (b.undoLists[0]!.entries[1]!.semid = 1)),
    'body.undoLists[0].entries[1].semid',
    /no set 1 in namespaces\[0\]/,
  );
  assertRefused(
    textWith((b) => b.undoLists[0]!.entries.push({ semid: 32769, semadj: [0, 0, 0] })),
    'body.undoLists[0].entries[2].semid',
    'body.undoLists[0].entries[2].semid: 32769 is also the set of entries[0]',
  );
  assertRefused(
    textWith((b) => b.undoLists[0]!.entries[0]!.semadj.push(0)),
    'body.undoLists[0].entries[0].semadj',
    'body.undoLists[0].entries[0].semadj: 4 adjustments, but set 32769 has 3 semaphores',
  );
  accepted((b) => (b.processes[0]!.threads[0]!.undoList = 0));
  accepted((b) => {
    b.undoLists[0]!.entries = [];
    sleeping(b, 1, 1).undo = false;
    sleeping(b, 1, 1).sops[0]!.sem_flg = 0;
  });
});

test('held results: only in stopped processes', () => {
  assertRefused(
    textWith((b) => (b.processes[4]!.stopped = false)),
    'body.processes[4].threads[0].call',
    'body.processes[4].threads[0].call: a held result, but the process is not stopped',
  );
});

test('sleeping calls: on a set of their namespace, with sops that could have gone to sleep', () => {
  const at = 'body.processes[2].threads[0].call';
  assertRefused(
    textWith((b) => (sleeping(b, 2, 0).semid = 1)),
    `${at}.semid`,
    `${at}.semid: no set 1 in namespaces[0], the thread's namespace`,
  );
  assertRefused(
    textWith((b) => (sleeping(b, 2, 0).sops[0]!.sem_num = 3)),
    `${at}.sops[0].sem_num`,
    `${at}.sops[0].sem_num: 3 >= nsems 3`,
  );
  assertRefused(
    textWith((b) => (sleeping(b, 2, 0).blocking = 1)),
    `${at}.blocking`,
    `${at}.blocking: 1 >= 1 sops`,
  );
  assertRefused(
    textWith((b) => (sleeping(b, 3, 0).sops[0]!.sem_op = 2)),
    'body.processes[3].threads[0].call.blocking',
    'body.processes[3].threads[0].call.blocking: sops[0] adds 2, which never blocks',
  );
  assertRefused(
    textWith((b) => (sleeping(b, 2, 0).sops[0]!.sem_flg = IPC_NOWAIT)),
    `${at}.blocking`,
    `${at}.blocking: sops[0] has IPC_NOWAIT, which fails instead of sleeping`,
  );
  accepted((b) => (sleeping(b, 1, 1).sops[1]!.sem_flg = IPC_NOWAIT | 0x10));
  accepted((b) => (sleeping(b, 2, 0).sops[0]!.sem_flg = -0x8000));
});

test('sleeping calls: undo exactly when a sop has SEM_UNDO, with an entry for the set in the list', () => {
  const at = 'body.processes[1].threads[1].call';
  assertRefused(
    textWith((b) => (sleeping(b, 1, 1).undo = false)),
    `${at}.undo`,
    `${at}.undo: false, but sops[0] has SEM_UNDO`,
  );
  assertRefused(
    textWith((b) => (sleeping(b, 1, 1).sops[0]!.sem_flg = 0)),
    `${at}.undo`,
    `${at}.undo: true, but no sop has SEM_UNDO`,
  );
  assertRefused(
    textWith((b) => {
      sleeping(b, 2, 0).sops[0]!.sem_flg = SEM_UNDO;
      sleeping(b, 2, 0).undo = true;
    }),
    'body.processes[2].threads[0].call.undo',
    'body.processes[2].threads[0].call.undo: true, but the thread holds no undo list',
  );
  assertRefused(
    textWith((b) => b.undoLists[0]!.entries.shift()),
    `${at}.undo`,
    `${at}.undo: true, but undoLists[0] has no entry for set 32769`,
  );
});

test('queues: every tid a sleeper of this set, once, on the queue ipc/sem.c puts it on', () => {
  const q = (b: ImageBody, s: number) => b.namespaces[0]!.sets[s]!.queues;
  const at = 'body.namespaces[0].sets[1].queues';
  assertRefused(
    textWith((b) => q(b, 1).alter.push(1)),
    `${at}.alter[2]`,
    `${at}.alter[2]: tid 1 is not a thread sleeping on this set`,
  );
  assertRefused(
    textWith((b) => q(b, 1).alter.push(999)),
    `${at}.alter[2]`,
    /tid 999 is not a thread sleeping on this set/,
  );
  assertRefused(
    textWith((b) => q(b, 1).alter.push(13)),
    `${at}.alter[2]`,
    /tid 13 is not a thread sleeping on this set/,
  );
  assertRefused(
    textWith((b) => q(b, 1).alter.push(11)),
    `${at}.alter[2]`,
    `${at}.alter[2]: tid 11 is already on ${at}.alter[0]`,
  );
  assertRefused(
    textWith((b) => {
      q(b, 1).alter = [11];
      q(b, 1).sems.unshift({ num: 1, alter: [10], const: [] });
    }),
    `${at}.sems[0].alter[0]`,
    `${at}.sems[0].alter[0]: tid 10 belongs on the set's alter queue`,
  );
  assertRefused(
    textWith((b) => {
      q(b, 1).alter = [10];
      q(b, 1).const = [11];
    }),
    `${at}.const[0]`,
    `${at}.const[0]: tid 11 belongs on the set's alter queue`,
  );
  assertRefused(
    textWith((b) => {
      q(b, 1).const = [12];
      q(b, 1).sems = [];
    }),
    `${at}.const[0]`,
    `${at}.const[0]: tid 12 belongs on the const queue of semaphore 2`,
  );
  assertRefused(
    textWith((b) => {
      q(b, 2).alter = [13];
      q(b, 2).sems = [];
    }),
    'body.namespaces[0].sets[2].queues.alter[0]',
    'body.namespaces[0].sets[2].queues.alter[0]: tid 13 belongs on the alter queue of semaphore 0',
  );
  assertRefused(
    textWith((b) => (q(b, 1).alter = [11])),
    'body.processes[1].threads[0].call',
    'body.processes[1].threads[0].call: sleeping on set 32769, but on none of its queues',
  );
  accepted((b) => (q(b, 1).alter = [10, 11]));
});

test('without a complex sleeper, single altering calls sleep on their semaphore', () => {
  const at = 'body.namespaces[0].sets[1].queues';
  const noComplex = (b: ImageBody) => {
    b.processes[1]!.threads[1]!.call = null;
    b.namespaces[0]!.sets[1]!.queues.alter = [10];
  };
  assertRefused(
    textWith(noComplex),
    `${at}.alter[0]`,
    `${at}.alter[0]: tid 10 belongs on the alter queue of semaphore 1`,
  );
  accepted((b) => {
    noComplex(b);
    const q = b.namespaces[0]!.sets[1]!.queues;
    q.alter = [];
    q.sems.unshift({ num: 1, alter: [10], const: [] });
  });
});
