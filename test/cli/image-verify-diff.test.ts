// `semundo image verify` and `semundo image diff`: what they print and the exit codes scripts rely on.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { IPC_CREAT, ManualClock, SEM_UNDO, checkpoint, restore } from '../../src/api/index.js';
import { T0, semundo, smallImage, smallMachine, tempDir } from './cli-helpers.js';

const tmp = tempDir();
after(() => tmp.remove());

test('verify: a valid image is ok, with what it holds (exit 0)', () => {
  const r = semundo(['image', 'verify', tmp.file('ok.img', smallImage())]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'ok: 2 namespaces, 3 sets, 6 semaphores, 6 processes, 3 undo lists, 4 entries\n');
  assert.equal(r.stderr, '');
});

test('verify: an invalid image is refused with the field that is wrong (exit 1)', () => {
  const text = smallImage();
  const cases: [string, string, string][] = [
    [
      'range.img',
      text.replace('"val":4', '"val":40000'),
      'body.namespaces[0].sets[0].sems[0].val: 40000 > 32767',
    ],
    ['truncated.img', text.slice(0, -20), 'image: not JSON'],
    ['checksum.img', text.replace('"val":4', '"val":5'), 'checksum: does not match the body'],
    ['version.img', text.replace('"version":1', '"version":2'), 'version'],
  ];
  for (const [name, bad, message] of cases) {
    const file = tmp.file(name, bad);
    const r = semundo(['image', 'verify', file]);
    assert.equal(r.status, 1, name);
    assert.equal(r.stdout, '', name);
    assert.ok(r.stderr.startsWith(`${file}: ${message}`), `${name}: ${r.stderr}`);
    assert.equal(r.stderr.split('\n').length, 2, `${name}: one line`);
  }
});

test('verify: an unreadable file is a clear message (exit 1); bad usage is exit 2', () => {
  const missing = `${tmp.dir}/no-such.img`;
  const r = semundo(['image', 'verify', missing]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `cannot read ${missing}: no such file or directory (ENOENT)\n`);
  assert.equal(semundo(['image', 'verify', tmp.dir]).status, 1);
  assert.equal(semundo(['image', 'verify']).status, 2);
  assert.equal(semundo(['image', 'verify', 'a', 'b']).status, 2);
  assert.equal(semundo(['image', 'verify', '--frobnicate', 'a']).status, 2);
  assert.equal(semundo(['image', 'frobnicate']).status, 2);
  assert.equal(semundo(['image']).status, 2);
});

test('help documents the exit codes and exits 0', () => {
  for (const cmd of ['inspect', 'verify', 'diff']) {
    const r = semundo(['image', cmd, '--help']);
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, /Exit codes:\n {2}0 {2}.*\n {2}1 {2}.*\n {2}2 {2}/, cmd);
  }
});

test('diff: an image and the image of its restored machine are the same state (exit 0, no output)', () => {
  const text = smallImage();
  const again = checkpoint(restore(text, { clock: new ManualClock(T0) }));
  const r = semundo(['image', 'diff', tmp.file('a.img', text), tmp.file('a-again.img', again)]);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.equal(semundo(['image', 'diff', '-', tmp.file('a2.img', text)], text).status, 0);
});

test('diff: one line per difference, old → new, added and removed (exit 1)', () => {
  const m = smallMachine();
  const before = tmp.file('before.img', checkpoint(m.k));
  m.a.trySemop(m.id2, [{ sem_num: 1, sem_op: 1, sem_flg: SEM_UNDO }]);
  const added = m.k.init.semget(77, 4, IPC_CREAT | 0o600);
  m.clock.advance(1_000_000_000);
  m.b.kill(9);
  const afterFile = tmp.file('after.img', checkpoint(m.k));
  const r = semundo(['image', 'diff', before, afterFile]);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 1);
  assert.deepEqual(r.stdout.split('\n'), [
    'namespace 0: ids.lastIdx: 1 → 2',
    'namespace 0: ids.cursor: 2 → 3',
    'namespace 0: set 0: sems[0].otime: 2027-01-15T08:00:00Z → 2027-01-15T08:00:04Z',
    'namespace 0: set 0: queue alter: 5 4 → 4',
    'namespace 0: set 1: sems[1].val: 2 → 3',
    'namespace 0: set 1: sems[1].otime: 2027-01-15T08:00:00Z → 2027-01-15T08:00:03Z',
    `namespace 0: set ${added}: added (key 0x0000004d, 4 semaphores)`,
    'process 2: thread 3: call.timeout: 3.5s → 2.5s',
    'process 5: removed (1 thread)',
    'undo list of 2 3 4: set 1: 0 -2 → 0 -3',
    'undo list of 5: removed (1 entry)',
    '',
  ]);
  const back = semundo(['image', 'diff', afterFile, before]);
  assert.equal(back.status, 1);
  assert.match(back.stdout, /^process 5: added \(1 thread\)$/m);
  assert.match(back.stdout, /^undo list of 5: added \(1 entry\)$/m);
});

test('diff: an invalid or unreadable image, or bad usage, is trouble (exit 2)', () => {
  const good = tmp.file('good.img', smallImage());
  const bad = tmp.file('bad.img', smallImage().replace('"val":4', '"val":40000'));
  const r = semundo(['image', 'diff', good, bad]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `${bad}: body.namespaces[0].sets[0].sems[0].val: 40000 > 32767\n`);
  assert.equal(semundo(['image', 'diff', good, `${tmp.dir}/missing.img`]).status, 2);
  assert.equal(semundo(['image', 'diff', good]).status, 2);
  assert.equal(semundo(['image', 'diff', '--nope', good, good]).status, 2);
});
