// `semundo image inspect`: the text of an image, its JSON, and how fast a big one prints.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IPC_CREAT,
  IPC_PRIVATE,
  ManualClock,
  SEM_UNDO,
  checkpoint,
  createKernel,
} from '../../src/api/index.js';
import { decodeImage } from '../../src/image/index.js';
import { assertGolden, hostImage, semundo, smallImage, smallMachine, tempDir } from './cli-helpers.js';

const tmp = tempDir();
after(() => tmp.remove());

test('inspect prints the golden text of a small machine', () => {
  const file = tmp.file('small.img', smallImage());
  const r = semundo(['image', 'inspect', file]);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assertGolden('inspect-small.txt', r.stdout);
  assert.equal(semundo(['image', 'inspect', '--quiet', file]).stdout, r.stdout);
});

test('inspect shows each set as a row: id, key in hex, owner, creator, perms, values, sempids, times', () => {
  const m = smallMachine();
  const r = semundo(['image', 'inspect', tmp.file('rows.img', checkpoint(m.k))]);
  assert.equal(r.status, 0);
  const rows = r.stdout.split('\n');
  const row = (id: number, key: string) => rows.find((l) => l.startsWith(`${id} `) && l.includes(key));
  assert.match(
    row(m.id2, '0x00005eed')!,
    /^1\s+0x00005eed\s+2000\/100\s+1000\/1000\s+660\s+2\s+2027-01-15T08:00:00Z\s+2027-01-15T08:00:00Z\s+0\s+0,2\s+0,2$/,
  );
  assert.match(row(m.oid, '0xffffffb3')!, /^0\s+0xffffffb3\s+0\/0\s+0\/0\s+600\s+1\s.*\s7\s+6$/);
  assert.match(
    r.stdout,
    /^contents {3}2 namespaces, 3 sets, 6 semaphores, 6 processes, 3 undo lists, 4 entries$/m,
  );
  assert.match(r.stdout, /^2\s+3\s+1000\/1000\s+1000\/1000\s+0\s+0\s+running\s+asleep\s+0\s+3\.5s\s+2:0$/m);
  assert.match(r.stdout, /^7\s+7\s+1000\/1000\s+1000\/1000\s+0\s+-\s+stopped\s+held EINTR\s+-\s+-\s+-$/m);
  assert.match(r.stdout, /^undo list 0: held by 2 3 4; 2 entries\n {2}1: 0 -2\n {2}0: -4 0 0$/m);
});

test('a host image has no processes or undo lists to show: it says they are not readable', () => {
  const r = semundo(['image', 'inspect', tmp.file('host.img', hostImage(smallMachine().k))]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^source {5}host/m);
  assert.match(r.stdout, /^processes {2}not readable from this kernel$/m);
  assert.match(r.stdout, /^undo lists {2}not readable from this kernel$/m);
  assertGolden('inspect-host.txt', r.stdout);
});

test('inspect --json prints the image itself, which decodes to the same image', () => {
  const text = smallImage();
  const r = semundo(['image', 'inspect', '--json', tmp.file('json.img', text)]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, text);
  assert.deepEqual(decodeImage(r.stdout), decodeImage(text));
  const fromStdin = semundo(['image', 'inspect', '--json', '-'], text);
  assert.equal(fromStdin.stdout, text);
});

test('inspect refuses an invalid image (exit 1) and bad usage (exit 2)', () => {
  const bad = tmp.file('bad.img', smallImage().replace('"val":4', '"val":40000'));
  const r = semundo(['image', 'inspect', bad]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `${bad}: body.namespaces[0].sets[0].sems[0].val: 40000 > 32767\n`);
  assert.equal(semundo(['image', 'inspect', '--colour', bad]).status, 2);
  assert.equal(semundo(['image', 'inspect']).status, 2);
});

test('32,000 sets print in a few seconds, every one of them', () => {
  const k = createKernel({ clock: new ManualClock() });
  const a = k.spawn({ uid: 1000, gid: 1000 });
  for (let i = 0; i < 32000; i++) {
    const id = a.semget(IPC_PRIVATE, 8, IPC_CREAT | 0o600);
    if (i % 1000 === 0) a.trySemop(id, [{ sem_num: 1, sem_op: 1, sem_flg: SEM_UNDO }]);
  }
  const file = tmp.file('big.img', checkpoint(k));
  const t0 = performance.now();
  const r = semundo(['image', 'inspect', file]);
  const ms = performance.now() - t0;
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '');
  const rows = r.stdout.split('\n').filter((l) => /^\d+ +0x/.test(l));
  assert.equal(rows.length, 32000);
  assert.ok(ms < 8000, `inspect took ${Math.round(ms)} ms`);
});
