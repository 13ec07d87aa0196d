// `semundo host dump` and `semundo host restore` against the real kernel, in fresh IPC namespaces.
// Needs root; without it (or without System V IPC) every test is skipped, loudly.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IPC_CREAT, ManualClock, SEM_UNDO, checkpoint, restore } from '../../src/api/index.js';
import { PRODUCER } from '../../src/api/version.js';
import { HostSemError } from '../../src/host/host-sem-error.js';
import { hostSupport } from '../../src/host/host-support.js';
import { restoreHostSets } from '../../src/host/sem-restore.js';
import type { HostSemSetSpec } from '../../src/host/sem-set-create.js';
import { readSemSets } from '../../src/host/sem-sets-read.js';
import { semget } from '../../src/host/sem-syscalls.js';
import { readSemLimits, readSemNextId, writeSemNextId } from '../../src/host/sem-sysctls.js';
import { decodeImage, encodeImage, type ImageBody } from '../../src/image/index.js';
import {
  ID_C,
  ID_D,
  KEY_B,
  KEY_C,
  KEY_D,
  LIMITS,
  PENDING_NEXT_ID,
  buildSource,
  cli,
  freshNamespace,
} from './host-image-helpers.js';

const support = await hostSupport();
if (!support.ok) console.error(`*** host image tests SKIPPED: ${support.reason}`);
const skip = support.ok ? false : `host kernel unavailable: ${support.reason}`;

/**
 * What a restore into the real kernel cannot make equal: the namespace's inode and ns_last_pid, each
 * set's ctime (now), and each semaphore's sempid (the restorer's, or 0 if never written) and otime
 * (0: only a semop could set it).
 */
function comparable(body: ImageBody): ImageBody {
  const b = structuredClone(body);
  b.lastPid = 0;
  for (const ns of b.namespaces) {
    ns.inum = 0;
    for (const s of ns.sets) {
      s.ctime = 0;
      for (const sem of s.sems) {
        sem.pid = 0;
        sem.otime = 0;
      }
    }
  }
  return b;
}

const text = (body: ImageBody) => encodeImage(body, 'test');

describe('host dump and restore', { skip }, () => {
  let dir: string;
  let sourceFile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'semundo-host-image-'));
    sourceFile = join(dir, 'source.json');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('dumps a namespace: keys, owners, creators, modes, values, sempids, ids past 32768, limits', () => {
    freshNamespace();
    buildSource();
    const r = cli('host', 'dump', '-o', sourceFile);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /4 semaphore sets of IPC namespace ipc:\[\d+\]/);
    const img = decodeImage(readFileSync(sourceFile, 'utf8'));
    assert.equal(img.producer, `${PRODUCER} host`);
    const body = img.body;
    assert.equal(body.source, 'host');
    assert.deepEqual(body.processes, []);
    assert.deepEqual(body.undoLists, []);
    assert.ok(body.lastPid >= process.pid, 'lastPid is ns_last_pid of the pid namespace');
    assert.equal(body.namespaces.length, 1);
    const ns = body.namespaces[0]!;
    assert.equal(ns.inum, statSync('/proc/thread-self/ns/ipc').ino);
    assert.deepEqual(ns.limits, LIMITS);
    assert.equal(ns.semNextId, PENDING_NEXT_ID);
    assert.deepEqual(ns.ids, { seq: 3, lastIdx: 7, cursor: 8 }, 'derived from the sets');
    assert.deepEqual(
      ns.sets.map((s) => [s.id, s.key, s.uid, s.gid, s.cuid, s.cgid, s.mode]),
      [
        [0, 0, 0, 0, 0, 0, 0o600],
        [1, KEY_B, 2000, 2001, 1000, 1001, 0o640],
        [ID_C, KEY_C, 0, 0, 0, 0, 0o666],
        [ID_D, KEY_D, 0, 0, 0, 0, 0o400],
      ],
    );
    const [a, b, c, d] = ns.sets as [
      (typeof ns.sets)[0],
      (typeof ns.sets)[0],
      (typeof ns.sets)[0],
      (typeof ns.sets)[0],
    ];
    const now = Math.floor(Date.now() / 1000);
    assert.ok(a.ctime > 0 && a.ctime <= now);
    const aOtime = a.sems[0]!.otime;
    assert.ok(aOtime > 0 && aOtime <= now, 'the set was operated on');
    assert.deepEqual(
      a.sems,
      [1, 3, 3].map((val) => ({ val, pid: process.pid, otime: aOtime })),
      "SETALL and semop wrote every sempid: each semaphore carries the set's sem_otime",
    );
    assert.deepEqual(
      b.sems,
      [0, 0].map((val) => ({ val, pid: 0, otime: 0 })),
    );
    assert.deepEqual(c.sems, [
      { val: 32767, pid: process.pid, otime: 0 },
      { val: 0, pid: 0, otime: 0 },
    ]);
    assert.deepEqual(
      d.sems.map((s) => [s.val, s.pid]),
      [
        [0, 0],
        [0, 0],
        [5, process.pid],
        [0, 0],
      ],
    );
    for (const s of ns.sets) assert.deepEqual(s.queues, { alter: [], const: [], sems: [] });
  });

  it('writes the image to standard output without -o', () => {
    const r = cli('host', 'dump');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(decodeImage(r.stdout).body.namespaces[0]!.sets.length, 4);
  });

  it('restores into a fresh namespace; a second dump is the same but for what cannot be restored', () => {
    const first = decodeImage(readFileSync(sourceFile, 'utf8')).body;
    freshNamespace();
    const r = cli('host', 'restore', sourceFile);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /4 semaphore sets restored/);
    const again = cli('host', 'dump');
    assert.equal(again.status, 0, again.stderr);
    const second = decodeImage(again.stdout).body;
    assert.equal(text(comparable(second)), text(comparable(first)), 'byte for byte, once normalized');
    assert.equal(second.namespaces[0]!.inum, statSync('/proc/thread-self/ns/ipc').ino);
    const restorer = second.namespaces[0]!.sets[0]!.sems[0]!.pid;
    assert.ok(restorer > 0);
    const pids = second.namespaces[0]!.sets.map((s) => s.sems.map((x) => x.pid));
    assert.deepEqual(
      pids,
      first.namespaces[0]!.sets.map((s) => s.sems.map((x) => (x.pid === 0 && x.val === 0 ? 0 : restorer))),
      'semaphores never written keep sempid 0; the others name the restorer',
    );
    for (const s of second.namespaces[0]!.sets) for (const x of s.sems) assert.equal(x.otime, 0);
  });

  it('refuses when an id is taken, naming it, and creates nothing', () => {
    freshNamespace();
    const taken = cli('host', 'restore', sourceFile);
    assert.equal(taken.status, 0, taken.stderr);
    const limitsBefore = readSemLimits();
    const r = cli('host', 'restore', sourceFile);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^semundo host restore: refused, nothing was created: id 0 is taken/);
    assert.equal(readSemSets().length, 4);
    assert.deepEqual(readSemLimits(), limitsBefore);
  });

  it('refuses when only one index is taken, by a set with another sequence number', () => {
    freshNamespace();
    // A set at index 7 with sequence 0: id 7, where the image wants 98311 (index 7, sequence 3).
    const plain = decodeImage(readFileSync(sourceFile, 'utf8')).body;
    plain.namespaces[0]!.sets = plain.namespaces[0]!.sets.filter((s) => s.id === ID_C);
    plain.namespaces[0]!.sets[0]!.id = 7;
    plain.namespaces[0]!.semNextId = -1;
    const oneFile = join(dir, 'one.json');
    writeFileSync(oneFile, encodeImage(plain, 'test'));
    assert.equal(cli('host', 'restore', '--no-limits', oneFile).status, 0);
    const before = readSemLimits();
    const r = cli('host', 'restore', sourceFile);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /id 98311 is taken: its index 7 holds set 7/);
    assert.match(r.stderr, /\(and 1 more conflict\)\n$/, 'its key too');
    assert.deepEqual(
      readSemSets().map((s) => s.id),
      [7],
    );
    assert.deepEqual(readSemLimits(), before);
    assert.equal(readSemNextId(), -1, 'sem_next_id was not written');
  });

  it('refuses when a key is taken', () => {
    freshNamespace();
    assert.equal(writeSemNextId(50), 0);
    assert.equal(semget(KEY_B, 1, IPC_CREAT | 0o600), 50);
    const r = cli('host', 'restore', sourceFile);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      'semundo host restore: refused, nothing was created: key 0x00005eed of set 1 is taken by set 50 in this IPC namespace\n',
    );
    assert.deepEqual(
      readSemSets().map((s) => s.id),
      [50],
    );
  });

  it('rejects a damaged image and bad usage with distinct exit codes', () => {
    freshNamespace();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, readFileSync(sourceFile, 'utf8').replace('"val":32767', '"val":32768'));
    const r = cli('host', 'restore', bad);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^semundo host restore: body\.namespaces\[0\]\.sets\[2\]\.sems\[0\]\.val: /);
    assert.equal(readSemSets().length, 0);
    const missing = cli('host', 'restore', join(dir, 'nonexistent.json'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read .*nonexistent\.json: ENOENT/);
    assert.equal(cli('host', 'restore').status, 2);
    assert.equal(cli('host', 'dump', '--bogus').status, 2);
    assert.equal(cli('host', 'restore', sourceFile, 'extra').status, 2);
  });

  it('carries a host image into the model, and the model back into the host', () => {
    const hostText = readFileSync(sourceFile, 'utf8');
    const kernel = restore(hostText, { clock: new ManualClock(1_800_000_000) });
    const modelFirst = decodeImage(checkpoint(kernel)).body;
    assert.deepEqual(modelFirst.namespaces, decodeImage(hostText).body.namespaces, 'the model holds it all');
    const p = kernel.spawn();
    p.trySemop(0, [{ sem_num: 2, sem_op: -1, sem_flg: SEM_UNDO }]);
    const modelText = checkpoint(kernel);
    const model = decodeImage(modelText).body;
    assert.equal(model.source, 'model');
    assert.ok(model.processes.length > 0 && model.undoLists.length > 0);
    const modelFile = join(dir, 'model.json');
    writeFileSync(modelFile, modelText);
    freshNamespace();
    const r = cli('host', 'restore', modelFile);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /note: processes and undo lists cannot be restored into a real kernel/);
    const back = decodeImage(cli('host', 'dump').stdout).body;
    assert.deepEqual(
      back.namespaces[0]!.sets[0]!.sems.map((s) => s.val),
      [1, 3, 2],
    );
    const asHost: ImageBody = { ...model, source: 'host', processes: [], undoLists: [] };
    assert.equal(text(comparable(back)), text(comparable(asHost)));
  });
});

describe('host restore, all or nothing', { skip }, () => {
  const set = (id: number, vals: number[], cuid = 0): HostSemSetSpec => ({
    id,
    key: 0,
    uid: 0,
    gid: 0,
    cuid,
    cgid: 0,
    mode: 0o600,
    vals,
    pids: vals.map(() => 1),
  });

  it('removes the sets it made and puts the limits back when a later step fails', () => {
    freshNamespace();
    const before = readSemLimits();
    assert.throws(
      () =>
        restoreHostSets({
          sets: [set(3, [1]), set(32768 + 4, [2]), set(5, [40000])],
          limits: { ...before, semopm: 7 },
          semNextId: -1,
        }),
      (e: Error) =>
        e instanceof HostSemError &&
        e.message === 'semctl(5, 0, SETALL) failed: ERANGE; the 2 sets made before were removed',
    );
    assert.deepEqual(readSemSets(), []);
    assert.deepEqual(readSemLimits(), before);
  });

  it('refuses a creator uid it cannot take before creating anything', () => {
    freshNamespace();
    assert.throws(
      () => restoreHostSets({ sets: [set(0, [1]), set(1, [1], 0xffffffff)], limits: null, semNextId: -1 }),
      /^HostSemError: refused, nothing was created: sets created by uid 4294967295 gid 0 cannot be made/,
    );
    assert.deepEqual(readSemSets(), []);
  });

  it('refuses sets the limits cannot hold', () => {
    freshNamespace();
    const lim = readSemLimits();
    assert.throws(
      () =>
        restoreHostSets({ sets: [set(0, new Array(lim.semmsl + 1).fill(0))], limits: null, semNextId: -1 }),
      new RegExp(`set 0 has ${lim.semmsl + 1} semaphores, more than SEMMSL ${lim.semmsl}`),
    );
    assert.deepEqual(readSemSets(), []);
  });
});
