// The session itself: what the command inherits, its exit status, relayed signals, and daemons served to the end.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeImage } from '../../src/image/index.js';
import {
  MAIN,
  compile,
  compilerSkipReason,
  native,
  nativeSkipReason,
  runSkipReason,
  supervised,
} from './run-helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const skip = runSkipReason() ?? compilerSkipReason() ?? nativeSkipReason();
if (skip) console.log(`# SKIP semundo run sessions: ${skip}`);

describe('semundo run: the session', { skip: skip ?? false }, () => {
  it('the command inherits what it would have inherited directly', async () => {
    const bin = compile('environment');
    const env = { ...process.env, SEMUNDO_T: 'a b\tc' };
    const args = [bin, 'one', '', 'three four'];
    const [real, ours] = await Promise.all([native(args, { env }), supervised(args, { env })]);
    assert.equal(real.status, 4);
    assert.equal(ours.stdout, real.stdout);
    assert.equal(ours.status, real.status);
  });

  it('exits as the command did: its code, 128+N for a signal, 127/126 when it cannot run', async () => {
    assert.equal((await supervised(['sh', '-c', 'exit 7'])).status, 7);
    assert.equal((await supervised(['sh', '-c', 'kill -TERM $$'])).status, 143);
    assert.equal((await supervised(['sh', '-c', 'kill -KILL $$'])).status, 137);
    const missing = await supervised(['semundo-no-such-command']);
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /semundo-no-such-command: command not found/);
    assert.equal((await supervised(['/etc/passwd'])).status, 126);
  });

  it('relays SIGTERM, SIGHUP and SIGINT sent to it alone, once each', async () => {
    const bin = compile('relay');
    const child = spawn(process.execPath, [MAIN, 'run', '--', bin], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) resolve();
      }),
    );
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await ready;
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
      child.kill(sig);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await ended, 0);
    assert.match(out, /TERM 1 HUP 1 INT 1/);
  });

  it('does not relay what its terminal sent to the whole foreground group: one ^C is one SIGINT', async () => {
    const bin = compile('relay');
    // semundo run leads a session on a new terminal (python3's pty.fork), in its foreground group: ^C
    // reaches it and the command at once; a SIGTERM sent to semundo alone is relayed; a SIGHUP sent to
    // the group (as a shell resends a hangup to its jobs) reaches the command once.
    const script = [
      'import os, pty, signal, sys, time',
      'pid, fd = pty.fork()',
      'if pid == 0:',
      '    os.execv(sys.argv[1], sys.argv[1:])',
      'out = b""',
      'while b"ready" not in out:',
      '    out += os.read(fd, 1024)',
      'os.write(fd, b"\\x03")',
      'time.sleep(0.2)',
      'os.kill(pid, signal.SIGTERM)',
      'time.sleep(0.2)',
      'os.killpg(pid, signal.SIGHUP)',
      'while True:',
      '    try:',
      '        b = os.read(fd, 1024)',
      '    except OSError:',
      '        break',
      '    if not b:',
      '        break',
      '    out += b',
      '_, st = os.waitpid(pid, 0)',
      'sys.stdout.write(out.decode(errors="replace") + "\\nstatus %d\\n" % os.waitstatus_to_exitcode(st))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, process.execPath, MAIN, 'run', '--', bin], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (r.error) return void console.log(`# SKIP terminal signals: python3 cannot run (${r.error.message})`);
    assert.match(r.stdout, /TERM 1 HUP 1 INT 1/, r.stdout + r.stderr);
    assert.match(r.stdout, /status 0\n/);
  });

  it('serves a daemon that outlives the command, and exits with the command status after it', async () => {
    const bin = compile('daemon');
    const started = Date.now();
    const r = await supervised([bin]);
    assert.ok(Date.now() - started >= 300, 'the session ended before the daemon did');
    assert.equal(r.status, 4);
    assert.match(r.stdout, /command exits\ndaemon: semop 0, value 1, parent is the subreaper\n/);
  });

  it('--save writes the image of the session as it ended: sets, values, sempids, undo given back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semundo-save-'));
    const file = join(dir, 'end.img');
    // A set with 7 in semaphore 0 (SETVAL sets its sempid), and 3 taken with SEM_UNDO from semaphore 1, which the exit gives back.
    const perl = [
      'use IPC::SysV qw(IPC_PRIVATE SETVAL SEM_UNDO);',
      'my $id = semget(IPC_PRIVATE, 2, 0600) // die;',
      'semctl($id, 0, SETVAL, 7) // die;',
      'semop($id, pack("s!3", 1, 3, SEM_UNDO)) || die;',
      'print "$$\\n";',
    ].join(' ');
    try {
      const r = await supervised(['perl', '-e', perl], {}, ['--save', file]);
      assert.equal(r.status, 0, r.stderr);
      const pid = Number(r.stdout.trim());
      const img = decodeImage(readFileSync(file, 'utf8'));
      assert.match(img.producer, /^semundo \S+ run$/);
      assert.equal(img.body.processes.length, 0);
      const sets = img.body.namespaces[0]!.sets;
      assert.equal(sets.length, 1);
      assert.deepEqual(
        sets[0]!.sems.map((m) => [m.val, m.pid]),
        [
          [7, pid],
          [0, pid],
        ],
      );
      const refused = await supervised(['true'], {}, ['--save', join(dir, 'no', 'such.img')]);
      assert.equal(refused.status, 125);
      assert.match(refused.stderr, /--save .*: no such directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('if semundo run (the keeper) dies, its server goes on; once the server dies too, the calls get ENOSYS, never a hang', async () => {
    const bin = compile('orphaned');
    const child = spawn(process.execPath, [MAIN, 'run', '--', bin], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const closed = new Promise<void>((resolve) => child.stdout.on('close', () => resolve()));
    const seen = (what: string): Promise<void> =>
      new Promise<void>((resolve) => {
        const check = (): void => void (out.includes(what) && resolve());
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        check();
      });
    await seen('ready');
    const ps = spawnSync(process.execPath, [MAIN, 'ps', '--json'], { encoding: 'utf8' });
    const mine = ps.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { session: { pid: number; server: number } })
      .find((x) => x.session.pid === child.pid)!;
    assert.ok(mine, ps.stdout + ps.stderr);
    child.kill('SIGKILL');
    // The server still serves: the call made after the keeper's death is answered.
    await Promise.race([seen('after: 0 errno 0\n'), sleep(10_000)]);
    assert.match(out, /after: 0 errno 0\n/);
    process.kill(mine.session.server, 'SIGKILL');
    const hung = await Promise.race([closed.then(() => false), sleep(10_000).then(() => true)]);
    if (hung) {
      // Do not leave them behind: they would keep this test's pipes open.
      for (const pid of /ready (\d+) (\d+)/.exec(out)!.slice(1)) process.kill(Number(pid), 'SIGKILL');
      assert.fail(`the programs hang: ${out}`);
    }
    assert.match(out, /sleeper: -1 errno 38\n/);
  });
});
