// /proc/<pid>/semundo: the read format, who may open it, and all-or-nothing writes (spec semundo-file.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GETALL,
  IPC_CREAT,
  IPC_PRIVATE,
  IPC_RMID,
  IPC_SET,
  SEM_UNDO,
  SETVAL,
  createKernel,
} from '../../src/api/index.js';
import { sops } from '../helpers.js';

function setup() {
  const k = createKernel();
  const a = k.spawn({ uid: 1000, gid: 1000 });
  const id = a.semget(IPC_PRIVATE, 3, IPC_CREAT | 0o600);
  const id2 = a.semget(IPC_PRIVATE, 2, IPC_CREAT | 0o600);
  a.semctl(id, 0, SETVAL, 10);
  return { k, a, id, id2 };
}

test('one line per entry, most recently used first, with the widths of /proc/sysvipc/sem', () => {
  const { a, id, id2 } = setup();
  assert.equal(a.readFile('/proc/self/semundo'), '');
  a.trySemop(id, sops([0, -3, SEM_UNDO], [2, 5, SEM_UNDO]));
  a.trySemop(id2, sops([1, 0, SEM_UNDO]));
  assert.equal(
    a.readFile('/proc/self/semundo'),
    '         1      2      0      0\n         0      3      3      0     -5\n',
  );
  const t = a.thread();
  assert.equal(t.readFile(`/proc/${a.pid}/task/${t.tid}/semundo`), a.readFile(`/proc/${a.pid}/semundo`));
});

test('reads of any size concatenate to one read', () => {
  const { a, id, id2 } = setup();
  a.trySemop(id, sops([0, -3, SEM_UNDO]));
  a.trySemop(id2, sops([1, 4, SEM_UNDO]));
  const whole = a.readFile('/proc/self/semundo');
  for (const size of [1, 2, 7, 31, 32, 33, 4096]) {
    const fd = a.open('/proc/self/semundo');
    let text = '';
    for (let c = a.read(fd, size); c.length > 0; c = a.read(fd, size)) text += c;
    a.close(fd);
    assert.equal(text, whole, `chunk ${size}`);
  }
});

test('readers: the process, same uids, or CAP_SYS_PTRACE; others EACCES; dead pids ENOENT', () => {
  const { k, a } = setup();
  assert.equal(k.spawn({ uid: 1000, gid: 5 }).readFile(`/proc/${a.pid}/semundo`), '');
  assert.throws(() => k.spawn({ uid: 1001 }).readFile(`/proc/${a.pid}/semundo`), { code: 'EACCES' });
  assert.equal(k.spawn({ uid: 1001, caps: ['CAP_SYS_PTRACE'] }).readFile(`/proc/${a.pid}/semundo`), '');
  const dead = k.spawn();
  dead.exit();
  assert.throws(() => a.readFile(`/proc/${dead.pid}/semundo`), { code: 'ENOENT' });
});

test('only the task itself may open its file for writing, whatever its privileges', () => {
  const { k, a } = setup();
  assert.throws(() => k.init.writeFile(`/proc/${a.pid}/semundo`, ''), { code: 'EACCES' });
  const t = a.thread({ sysvsem: false });
  assert.throws(() => t.writeFile('/proc/self/semundo', ''), { code: 'EACCES' });
  assert.equal(t.writeFile('/proc/thread-self/semundo', ''), 0);
});

test('a write replaces the named entries and keeps their order; values do not move', () => {
  const { k, a, id, id2 } = setup();
  a.trySemop(id, sops([0, -3, SEM_UNDO]));
  a.trySemop(id2, sops([1, 4, SEM_UNDO]));
  const saved = a.readFile('/proc/self/semundo');
  const b = k.spawn({ uid: 1000, gid: 1000 });
  assert.equal(b.writeFile('/proc/self/semundo', saved), saved.length);
  assert.equal(b.readFile('/proc/self/semundo'), saved);
  assert.deepEqual(a.semctl(id, 0, GETALL), [7, 0, 0]);
  a.exit();
  assert.deepEqual(b.semctl(id, 0, GETALL), [10, 0, 0]);
  b.exit();
  assert.deepEqual(k.init.semctl(id, 0, GETALL), [13, 0, 0]);
});

test('bad writes change nothing: EINVAL, ERANGE, EACCES', () => {
  const { k, a, id, id2 } = setup();
  a.trySemop(id2, sops([0, 1, SEM_UNDO]));
  const before = a.readFile('/proc/self/semundo');
  const bad: [string, string][] = [
    [`${id} 3 1 2 3`, 'EINVAL'],
    [`${id} 3 1 2 x\n`, 'EINVAL'],
    [`${id} 2 1 2\n`, 'EINVAL'],
    [`${id} 3 1 2\n`, 'EINVAL'],
    [`999 3 1 2 3\n`, 'EINVAL'],
    [`${id} 3 1 2 3\n${id} 3 0 0 0\n`, 'EINVAL'],
    [`${id2} 2 0 0\n${id} 3 1 2 40000\n`, 'ERANGE'],
    [`${id} 3 1 2 99999999999\n`, 'EINVAL'],
  ];
  for (const [data, code] of bad) {
    assert.throws(() => a.writeFile('/proc/self/semundo', data), { code }, JSON.stringify(data));
    assert.equal(a.readFile('/proc/self/semundo'), before);
  }
  const other = k.spawn({ uid: 2000 });
  assert.throws(() => other.writeFile('/proc/self/semundo', `${id} 3 0 1 0\n`), { code: 'EACCES' });
});

test('alter permission is needed only for a line that changes the writer entry', () => {
  const { k, a, id } = setup();
  const other = k.spawn({ uid: 2000 });
  // Linux gives a zero entry without a permission check: a SEM_UNDO semop refused with EACCES.
  assert.throws(() => other.trySemop(id, sops([0, -1, SEM_UNDO])), { code: 'EACCES' });
  const zero = `${String(id).padStart(10)}      3      0      0      0\n`;
  assert.equal(other.readFile('/proc/self/semundo'), zero);
  assert.equal(other.writeFile('/proc/self/semundo', zero), zero.length);
  const line = `${id} 3 0 0 0\n`;
  assert.equal(k.spawn({ uid: 2000 }).writeFile('/proc/self/semundo', line), line.length);
  // An entry the writer may no longer alter can be written back unchanged, but not changed.
  a.trySemop(id, sops([0, -2, SEM_UNDO]));
  k.init.semctl(id, 0, IPC_SET, { uid: 0, gid: 0, mode: 0o444 });
  const mine = a.readFile('/proc/self/semundo');
  assert.equal(a.writeFile('/proc/self/semundo', mine), mine.length);
  assert.throws(() => a.writeFile('/proc/self/semundo', `${id} 3 0 0 0\n`), { code: 'EACCES' });
  assert.throws(() => a.writeFile('/proc/self/semundo', `${id} 3 2 0 1\n`), { code: 'EACCES' });
  assert.equal(a.readFile('/proc/self/semundo'), mine);
});

test('a reader is safe while the owner sleeps in semop, exits mid-read, or loses a set mid-read', async () => {
  const { k, a, id, id2 } = setup();
  const reader = k.spawn({ uid: 1000, gid: 1000 });
  const path = `/proc/${a.pid}/semundo`;
  // Sleeping: the SEM_UNDO semop made its (zero) entry before it went to sleep, as Linux does.
  const sleeping = a.semop(id2, sops([1, -1, SEM_UNDO]));
  const zero = `${String(id2).padStart(10)}      2      0      0\n`;
  assert.equal(reader.readFile(path), zero);
  k.init.semctl(id2, 1, SETVAL, 1);
  assert.equal(await sleeping, 0);
  assert.equal(reader.readFile(path), `${String(id2).padStart(10)}      2      0      1\n`);
  // A set removed between two reads: its line, not yet begun, never appears.
  a.trySemop(id, sops([0, -1, SEM_UNDO]));
  const lineOf = (semid: number, adj: string) => `${String(semid).padStart(10)} ${adj}\n`;
  const whole = lineOf(id, '     3      1      0      0') + lineOf(id2, '     2      0      1');
  assert.equal(reader.readFile(path), whole);
  let fd = reader.open(path);
  assert.equal(reader.read(fd, 10), whole.slice(0, 10));
  k.init.semctl(id2, 0, IPC_RMID);
  assert.equal(reader.read(fd, 4096), whole.slice(10, whole.indexOf('\n') + 1));
  assert.equal(reader.read(fd, 4096), '');
  reader.close(fd);
  // The owner exits between two reads: the line begun is finished, nothing more, then ENOENT.
  const b = k.spawn({ uid: 1000, gid: 1000 });
  const id3 = b.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
  b.trySemop(id3, sops([0, 2, SEM_UNDO]));
  b.trySemop(id, sops([0, 1, SEM_UNDO]));
  fd = reader.open(`/proc/${b.pid}/semundo`);
  const first = reader.read(fd, 5);
  b.exit();
  assert.equal(first + reader.read(fd, 4096), lineOf(id, '     3     -1      0      0'));
  assert.equal(reader.read(fd, 4096), '');
  reader.close(fd);
  assert.throws(() => reader.readFile(`/proc/${b.pid}/semundo`), { code: 'ENOENT' });
});
