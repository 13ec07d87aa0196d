// semundo checkpoint of a running session (what the image holds, taken while programs run, one consistent
// state each time), and semundo run --restore with its waiting undo lists: what is restored exactly, who
// may adopt what, shared lists staying shared, and the lists surviving the new session's server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeImage, type Image, type NamespaceImage } from '../../src/image/index.js';
import { ask, socketPath } from '../../src/session/index.js';
import type { CheckpointResult } from '../../src/supervisor/live-checkpoint.js';
import { MAIN, compile, compilerSkipReason, runSkipReason } from './run-helpers.js';
import { semundo, startSession as start, until, type Session } from './session-helpers.js';

const skip =
  runSkipReason() ??
  compilerSkipReason() ??
  (spawnSync('perl', ['-MIPC::SysV', '-e', '1']).status === 0 ? null : 'perl IPC::SysV is missing');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const dir = mkdtempSync(join(tmpdir(), 'semundo-checkpoint-'));

/** Ends a session: SIGKILL to each process it has met, SIGTERM to its command (relayed); waits for its end. */
async function end(s: Session): Promise<void> {
  for (const line of semundo(['ps', '--json']).stdout.split('\n').filter(Boolean)) {
    const ps = JSON.parse(line) as { session: { pid: number }; processes: { pid: number }[] };
    if (ps.session.pid !== s.pid) continue;
    for (const p of ps.processes)
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
  }
  s.term();
  await s.ended;
}

/** The number after `word ` in a session's output, once it is there. */
const printed = (s: Session, word: string): Promise<number> =>
  until(() => {
    const m = new RegExp(`^${word} (\\d+)$`, 'm').exec(s.out());
    return m ? Number(m[1]) : null;
  }, `"${word}" from the session`);

/** An image of the session, also written to `file`. */
async function checkpoint(s: Session, file: string): Promise<Image> {
  const a = await ask<CheckpointResult>(socketPath(0, s.pid), { op: 'checkpoint' });
  assert.ok(a.ok, a.ok ? '' : a.error);
  writeFileSync(file, a.result.text);
  return decodeImage(a.result.text);
}

/** A namespace as a new session restores it: everything but its inode and its sleepers. */
const restorable = (ns: NamespaceImage) => ({
  ...ns,
  inum: 0,
  sets: ns.sets.map((s) => ({ ...s, queues: null })),
});

function readableBy65534(): boolean {
  try {
    const r = spawnSync('test', ['-r', MAIN], { uid: 65534, gid: 65534 });
    accessSync(MAIN, constants.R_OK);
    return r.status === 0;
  } catch {
    return false;
  }
}

describe('semundo checkpoint and run --restore: what they keep', { skip: skip ?? false }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('semundo checkpoint writes the live state, with the process map, as inspect and undo show it', async () => {
    const s = start([
      '--',
      'perl',
      '-MIPC::SysV=IPC_PRIVATE,IPC_CREAT,SEM_UNDO',
      '-e',
      '$|=1; $id = semget(IPC_PRIVATE, 2, IPC_CREAT|0600); semop($id, pack("s!3s!3", 0, 2, SEM_UNDO, 1, 1, 0)) or die; ' +
        'if (!fork) { $0 = "sleeper"; semop($id, pack("s!3", 1, -5, 0)); exit } print "holder $$\\n"; sleep 60',
    ]);
    const holder = await printed(s, 'holder');
    await until(
      () => semundo(['ipcs', '--session', String(s.pid), '--json']).stdout.includes('"ncount":1'),
      'the sleeper',
    );
    const file = join(dir, 'live.img');
    const r = semundo(['checkpoint', '--session', String(s.pid), '-o', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /1 set, 2 processes, 1 undo list, 1 sleeper; \d+ bytes to .*live\.img, the session held for/,
    );
    const img = decodeImage(readFileSync(file, 'utf8'));
    assert.equal(img.producer, 'semundo 0.1.0 run');
    const map = img.body.session!;
    assert.equal(map.command[0], 'perl');
    const h = map.processes.find((p) => p.pid === holder)!;
    assert.equal(h.comm, 'perl');
    assert.equal(h.cmdline[0], 'perl');
    assert.match(h.startTime, /^[1-9][0-9]*$/);
    assert.equal(map.processes.find((p) => p.pid !== holder)!.ppid, holder);
    const live = semundo(['undo', String(holder)]).stdout;
    assert.equal(live, '         0      2     -2      0\n');
    assert.equal(semundo(['undo', '--from', file, String(holder)]).stdout, live);
    const text = semundo(['image', 'inspect', file]).stdout;
    assert.match(text, /^taken +\d{4}-\d\d-\d\dT.* from the running session of perl /m);
    assert.match(text, /asleep +0 +- +1:-5/);
    const bad = semundo(['undo', '--from', file, '999999']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /no process 999999 in the image/);
    await end(s);
  });

  it('every image taken while a history runs is one consistent state', async () => {
    const bin = compile('history');
    const s = start(['--', bin, '11', '5', '400']);
    await printed(s, 'started');
    let images = 0;
    while (images < 15) {
      const a = await ask<CheckpointResult>(socketPath(0, s.pid), { op: 'checkpoint' });
      if (!a.ok) break;
      const body = decodeImage(a.result.text).body;
      const set = body.namespaces[0]!.sets[0]!;
      // The pool (sem 0) starts at 3 and is only taken with SEM_UNDO: its value and the adjustments of
      // every list add up to 3 in any consistent state.
      let adj = 0;
      for (const l of body.undoLists) for (const e of l.entries) if (e.semid === set.id) adj += e.semadj[0]!;
      assert.equal(set.sems[0]!.val + adj, 3, `image ${images}: ${set.sems[0]!.val} + ${adj}`);
      images++;
      await sleep(20);
    }
    assert.ok(images >= 3, `only ${images} images were taken while the history ran`);
    assert.equal(await s.ended, 0);
  });

  it('run --restore brings back ids, keys, owners, modes, values, times, sempids and allocators', async () => {
    const script =
      'echo 250 32000 32 128 > /proc/sys/kernel/sem; ipcmk -S 3 -p 0640 >/dev/null; ipcmk -S 2 >/dev/null; ' +
      'ipcrm -s 0; echo 77 > /proc/sys/kernel/sem_next_id; ipcmk -S 1 >/dev/null; ' +
      'perl -MIPC::SysV=SETVAL -e \'semctl(1, 1, SETVAL, 9) or die; semop(77, pack("s!3", 0, 4, 0)) or die\'; ' +
      'echo ready; exec sleep 60';
    const a = start(['--', 'sh', '-c', script]);
    await until(() => a.out().includes('ready'), 'the first session');
    const file = join(dir, 'sets.img');
    const before = await checkpoint(a, file);
    await end(a);
    const b = start(['--restore', file, '--', 'sh', '-c', 'echo ready; exec sleep 60']);
    await until(() => b.out().includes('ready'), 'the restored session');
    const after = await checkpoint(b, join(dir, 'sets-after.img'));
    assert.deepEqual(restorable(after.body.namespaces[0]!), restorable(before.body.namespaces[0]!));
    assert.deepEqual(
      before.body.namespaces[0]!.sets.map((s) => s.id),
      [1, 77],
    );
    assert.deepEqual(before.body.namespaces[0]!.limits, {
      semmsl: 250,
      semmns: 32000,
      semopm: 32,
      semmni: 128,
    });
    await end(b);
  });

  it('saved lists wait for adoption, are refused when they should be, stay shared, and survive the server', async () => {
    const bin = compile('shared-undo');
    const a = start(['--', bin]);
    const [parent, child] = [await printed(a, 'parent'), await printed(a, 'child')];
    const file = join(dir, 'shared.img');
    const img = await checkpoint(a, file);
    const lists = new Set(img.body.processes.map((p) => p.threads[0]!.undoList));
    assert.equal(lists.size, 1, 'the two processes share one list in the image');
    await end(a);

    const perl = (name: string): string => `perl -e '$|=1; print "${name} $$\\n"; sleep 60' &`;
    const own = `perl -e 'open F, ">", "/proc/self/semundo" or die; syswrite F, "0 2 1 0\\n" or die; close F; $|=1; print "three $$\\n"; sleep 60' &`;
    const b = start(['--restore', file, '--', 'sh', '-c', `${perl('one')} ${perl('two')} ${own} wait`]);
    const [one, two, three] = [await printed(b, 'one'), await printed(b, 'two'), await printed(b, 'three')];
    const session = String(b.pid);
    const adopt = (old: number, now: number) =>
      semundo(['undo', 'adopt', '--session', session, String(old), String(now)]);
    const values = (): number[] => {
      const j = JSON.parse(semundo(['ipcs', '--session', session, '--json']).stdout) as {
        sets: { sems: { value: number }[] }[];
      };
      return j.sets[0]!.sems.map((x) => x.value);
    };
    assert.deepEqual(values(), [2, 3]);
    const unknown = adopt(424242, one);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no saved undo list of 424242 waits in this session/);
    assert.match(adopt(parent, 1).stderr, /no process 1 in this session/);
    // The server dies: the waiting lists come back with the next one.
    const ps = JSON.parse(
      semundo(['ps', '--json'])
        .stdout.split('\n')
        .find((l) => l.includes(`"pid":${b.pid},`))!,
    ) as {
      session: { server: number };
    };
    process.kill(ps.session.server, 'SIGKILL');
    await until(() => semundo(['ps', '--json']).stdout.includes('"restarts":1'), 'a new server');
    assert.equal(adopt(parent, one).status, 0);
    const again = adopt(parent, two);
    assert.match(again.stderr, /the list of \d+ was taken by process \d+/);
    // A process that already has entries takes no list (three wrote its own).
    assert.match(adopt(child, three).stderr, /process \d+ already has undo entries/);
    assert.equal(
      semundo(['undo', '--session', session, String(three)]).stdout,
      '         0      2      1      0\n',
    );
    assert.equal(adopt(child, two).status, 0);
    assert.equal(semundo(['undo', String(one)]).stdout, semundo(['undo', String(two)]).stdout);
    assert.equal(semundo(['undo', String(one)]).stdout, '         0      2     -2     -3\n');
    // The shared list is given back when its last holder exits, once.
    process.kill(one, 'SIGKILL');
    await sleep(300);
    assert.deepEqual(values(), [2, 3]);
    process.kill(two, 'SIGKILL');
    await until(() => values()[0] === 0, 'the shared list to be given back');
    assert.deepEqual(values(), [0, 0]);
    await end(b);
  });

  it(
    'only a caller who may read the saved list may adopt it',
    { skip: !readableBy65534() && 'the checkout is not readable by uid 65534' },
    async () => {
      const file = join(dir, 'shared.img');
      chmodSync(dir, 0o755);
      chmodSync(file, 0o644);
      const b = start(
        ['--restore', file, '--', 'sh', '-c', `exec perl -e '$|=1; print "me $$\\n"; sleep 60'`],
        {
          uid: 65534,
          gid: 65534,
        },
      );
      const me = await printed(b, 'me');
      const old = decodeImage(readFileSync(file, 'utf8')).body.processes[0]!.pid;
      const r = semundo(['undo', 'adopt', '--session', String(b.pid), String(old), String(me)], {
        uid: 65534,
        gid: 65534,
      });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /may not take the undo list of \d+ \(permission denied\)/);
      await end(b);
    },
  );
});
