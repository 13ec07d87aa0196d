// The outside view of a running session: semundo ps, ipcs (byte-identical to util-linux ipcs run inside
// the session on the same state) and undo; who may reach the control socket; hostile requests; two sessions.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { MAIN, PROGRAMS, runSkipReason } from './run-helpers.js';

const skip =
  runSkipReason() ??
  (spawnSync('perl', ['-MIPC::SysV', '-e', '1']).status === 0 ? null : 'perl IPC::SysV is missing');
if (skip) console.log(`# SKIP the control socket: ${skip}`);

function semundo(
  args: string[],
  opts: { uid?: number } = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000, ...opts });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Held {
  dir: string;
  fifo: string;
  child: ChildProcess;
  ended: Promise<number | null>;
}

async function holdState(): Promise<Held> {
  const dir = mkdtempSync(join(tmpdir(), 'semundo-control-'));
  const fifo = join(dir, 'fifo');
  spawnSync('mkfifo', [fifo]);
  const child = spawn(
    process.execPath,
    [MAIN, 'run', '--', 'sh', join(PROGRAMS, 'hold-state.sh'), dir, fifo],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const ended = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  await until(() => existsSync(join(dir, 'ready')), 'the session to make its state');
  return { dir, fifo, child, ended };
}

async function release(h: Held): Promise<void> {
  writeFileSync(h.fifo, 'go\n');
  assert.equal(await h.ended, 0);
  rmSync(h.dir, { recursive: true, force: true });
}

describe('semundo run: the outside view', { skip: skip ?? false }, () => {
  let h: Held;
  before(async () => (h = await holdState()));
  after(async () => release(h));
  const session = (): string => String(h.child.pid);

  it('ipcs prints what util-linux ipcs prints inside the session, view by view', () => {
    const views: [string, string[]][] = [
      ['default', []],
      ['i0', ['-i', '0']],
      ['i1', ['-i', '1']],
      ['t', ['-t']],
      ['c', ['-c']],
      ['p', ['-p']],
      ['l', ['-l']],
      ['u', ['-u']],
    ];
    for (const [file, args] of views) {
      const r = semundo(['ipcs', '--session', session(), '-s', ...args]);
      assert.equal(r.stderr, '', file);
      assert.equal(r.stdout, readFileSync(join(h.dir, file), 'utf8'), `ipcs ${args.join(' ')}`);
    }
  });

  it('undo prints /proc/PID/semundo as the process itself reads it; ipcs --undo lists it', () => {
    const holder = readFileSync(join(h.dir, 'holder'), 'utf8').trim();
    const r = semundo(['undo', holder]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(h.dir, 'undo'), 'utf8'));
    assert.equal(r.stdout, '         0      3     -1     -2      0\n');
    const u = semundo(['ipcs', '--session', session(), '--undo']);
    assert.match(u.stdout, new RegExp(`^${holder} +0 +3 +-1 -2 0$`, 'm'));
    assert.match(semundo(['undo', '999999999']).stderr, /no such process/);
  });

  it('ps lists the session and its processes', () => {
    const r = semundo(['ps', '--json']);
    const sessions = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            session: { pid: number };
            processes: { pid: number; threads: { sleeping: boolean }[]; undoEntries: number }[];
          },
      );
    const mine = sessions.find((s) => s.session.pid === h.child.pid);
    assert.ok(mine, r.stdout);
    const holder = Number(readFileSync(join(h.dir, 'holder'), 'utf8'));
    assert.equal(mine.processes.find((p) => p.pid === holder)?.undoEntries, 1);
    assert.ok(
      mine.processes.some((p) => p.threads.some((t) => t.sleeping)),
      'the sleeper shows as asleep',
    );
    assert.match(semundo(['ps']).stdout, new RegExp(`session ${h.child.pid} `));
  });

  it('only the owner and root can reach the control socket', async () => {
    const path = join(tmpdir(), `semundo-${process.geteuid!()}`, `${h.child.pid}.sock`);
    assert.ok(existsSync(path));
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `require('net').createConnection(${JSON.stringify(path)}).on('error', e => { console.log(e.code); process.exit(0) }).on('connect', () => console.log('connected'))`,
      ],
      { encoding: 'utf8', uid: 65534, gid: 65534 },
    );
    assert.equal(r.stdout.trim(), 'EACCES');
    // The command itself, run by another user, sees none of root's sessions: it needs a checkout that
    // user can read (a clone in a 0700 directory is not).
    const readable = spawnSync(
      process.execPath,
      ['-e', `require('fs').accessSync(${JSON.stringify(MAIN)})`],
      {
        uid: 65534,
        gid: 65534,
      },
    );
    if (readable.status !== 0)
      return void console.log('# SKIP semundo undo as uid 65534: this checkout is not readable by that user');
    assert.match(
      semundo(['undo', readFileSync(join(h.dir, 'holder'), 'utf8').trim()], { uid: 65534 }).stderr,
      /no such process/,
    );
  });

  it('clients that go away before they are answered leave the server serving', async () => {
    const path = join(tmpdir(), `semundo-${process.geteuid!()}`, `${h.child.pid}.sock`);
    const restarts = (): number =>
      (
        JSON.parse(
          semundo(['ps', '--json'])
            .stdout.split('\n')
            .find((l) => l.includes(`"pid":${h.child.pid},`))!,
        ) as { session: { restarts: number } }
      ).session.restarts;
    const before = restarts();
    // Connect and exit at once, as the liveness probe of semundo ps does: the server finds the caller gone.
    for (let i = 0; i < 20; i++)
      spawnSync('perl', [
        '-MSocket',
        '-e',
        'socket(my $s, AF_UNIX, SOCK_STREAM, 0); connect($s, pack_sockaddr_un($ARGV[0]))',
        path,
      ]);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(restarts(), before, 'the server was replaced: a client that left made it fail');
  });

  it('a malformed or hostile request gets an error and changes nothing', async () => {
    const before = semundo(['ipcs', '--session', session(), '-i', '0']).stdout;
    const path = join(tmpdir(), `semundo-${process.geteuid!()}`, `${h.child.pid}.sock`);
    const hostile = fc.oneof(
      fc.string({ maxLength: 200 }).filter((s) => !s.includes('\n')),
      fc.json().filter((s) => !s.includes('\n')),
      fc
        .record({
          op: fc.constantFrom('ps', 'ipcs', 'undo', 'sleeping', 'rmid', '__proto__'),
          pid: fc.anything(),
          tids: fc.anything(),
          extra: fc.anything(),
        })
        .map((o) => JSON.stringify(o)),
    );
    const lines = fc.sample(hostile, { numRuns: 300, seed: 424242 });
    const answers = await new Promise<string[]>((resolve, reject) => {
      const sock = createConnection(path);
      let buf = '';
      sock.setEncoding('utf8');
      sock.on('connect', () => sock.write(lines.map((l) => l + '\n').join('')));
      sock.on('data', (d: string) => {
        buf += d;
        const got = buf.split('\n').slice(0, -1);
        if (got.length >= lines.length) {
          sock.destroy();
          resolve(got);
        }
      });
      sock.on('error', reject);
    });
    assert.equal(answers.length, lines.length);
    for (const a of answers) {
      const v = JSON.parse(a) as { ok: boolean };
      assert.equal(typeof v.ok, 'boolean');
    }
    const huge = await new Promise<string>((resolve) => {
      const sock = createConnection(path);
      let buf = '';
      sock.on('connect', () => sock.write('x'.repeat(200_000)));
      sock.on('data', (d) => (buf += d.toString()));
      sock.on('close', () => resolve(buf));
      sock.on('error', () => resolve(buf));
    });
    assert.match(huge, /at most/);
    assert.equal(semundo(['ipcs', '--session', session(), '-i', '0']).stdout, before);
  });

  it('several sessions run independently', async () => {
    const other = await holdState();
    try {
      const a = semundo(['ipcs', '--session', session(), '-u']).stdout;
      const b = semundo(['ipcs', '--session', String(other.child.pid), '-u']).stdout;
      assert.equal(a, b, 'each session has its own two sets');
      assert.match(semundo(['ipcs']).stderr, /sessions are running/);
    } finally {
      await release(other);
    }
  });
});
