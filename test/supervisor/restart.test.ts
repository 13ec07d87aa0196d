// A session survives its server: the server is killed (SIGKILL from outside, and by itself at injected
// points: after receiving, after recording, in an exit, at a sleeper's wake-up, in a snapshot, right after
// a replay) while many processes do random SEM_UNDO semops, waits, timeouts, SETVAL, IPC_RMID, exits and
// SIGKILLs; after every restart the model's invariants hold, and at the end every program has the results
// it should have.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  MAIN,
  compile,
  compilerSkipReason,
  native,
  nativeSkipReason,
  runSkipReason,
  supervised,
} from './run-helpers.js';

const skip = runSkipReason() ?? compilerSkipReason() ?? nativeSkipReason();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface IpcsJson {
  sets: { semid: number; sems: { value: number; ncount: number; zcount: number }[] }[];
  undo: { pid: number; text: string }[];
}

function semundo(args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout };
}

/** The session of keeper `pid` as `semundo ps --json` shows it, or null while it cannot be reached. */
function sessionOf(pid: number): { server: number; restarts: number } | null {
  const r = semundo(['ps', '--json']);
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const s = (JSON.parse(line) as { session: { pid: number; server: number; restarts: number } }).session;
    if (s.pid === pid) return s;
  }
  return null;
}

/**
 * chaos.c's shared set (semid 0, three semaphores starting at 2, touched only with SEM_UNDO): each value
 * plus every undo list's adjustment of it is 2, and no more processes sleep on it than are blocked in a
 * semaphore call for real. A message saying what does not hold, or null.
 */
function invariantBroken(ipcs: IpcsJson, blocked: number): string | null {
  const a = ipcs.sets.find((s) => s.semid === 0);
  if (!a) return null;
  const adj = [0, 0, 0];
  for (const u of ipcs.undo)
    for (const line of u.text.split('\n').filter(Boolean)) {
      const [semid, , ...vals] = line.trim().split(/\s+/).map(Number);
      if (semid === 0) vals.forEach((v, i) => (adj[i]! += v!));
    }
  const sums = a.sems.map((s, i) => s.value + adj[i]!);
  if (sums.some((v) => v !== 2)) return `values + adjustments are ${sums.join(' ')}, not 2 2 2`;
  const sleepers = a.sems.reduce((n, s) => n + s.ncount + s.zcount, 0);
  if (sleepers > blocked) return `${sleepers} sleepers in the model, ${blocked} threads blocked for real`;
  return null;
}

/** Threads of chaos's workers (the children of keeper `pid`'s child) blocked in a semop or semtimedop. */
function blockedInSemop(keeper: number): number {
  const script = `for p in $(pgrep -P ${keeper} -x chaos); do for w in $(pgrep -P $p); do cat /proc/$w/syscall; done; done`;
  const r = spawnSync('sh', ['-c', `${script} 2>/dev/null`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => /^(65|220) /.test(l)).length;
}

describe('semundo run: a session outlives its server', { skip: skip ?? false }, () => {
  it('programs finish with the right results through random server kills; invariants hold after each', async () => {
    const bin = compile('chaos');
    const child = spawn(process.execPath, [MAIN, 'run', '--', bin, '8', '4000', '7'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SEMUNDO_SNAPSHOT_AFTER: '20000',
        SEMUNDO_FAULTS: 'received=0.0005,recorded=0.001,exit=0.02,wake=0.01,snapshot=0.05,replayed=0.05',
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const status = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    let ended = false;
    void status.then(() => (ended = true));
    let kills = 0;
    const broken: string[] = [];
    while (!ended) {
      await sleep(80 + Math.floor(Math.random() * 200));
      const s = sessionOf(child.pid!);
      if (!s || ended) continue;
      try {
        process.kill(s.server, 'SIGKILL');
        kills++;
      } catch {
        continue;
      }
      // The next server has taken over once it answers; then the state it rebuilt is checked.
      for (let i = 0; i < 100 && !ended; i++) {
        // Real sleepers are counted before and after: a model sleeper is blocked for real at one of them.
        const before = blockedInSemop(child.pid!);
        const r = semundo(['ipcs', '--session', String(child.pid), '--json']);
        const blocked = Math.max(before, blockedInSemop(child.pid!));
        if (r.status === 0 && r.stdout !== '') {
          const why = invariantBroken(JSON.parse(r.stdout) as IpcsJson, blocked);
          if (why) broken.push(why);
          break;
        }
        await sleep(20);
      }
    }
    const code = await status;
    assert.deepEqual(broken, []);
    assert.equal(code, 0, `${out}${err}`);
    assert.match(out, /^ok \d+ increments, longest pause [\d.]+ ms\n$/);
    const replaced = /replaced (\d+) time/.exec(err);
    assert.ok(replaced && Number(replaced[1]) >= kills, `${kills} kills, and: ${err}`);
    console.log(`# ${replaced![1]} servers replaced (${kills} killed from outside); ${out.trim()}`);
  });

  it('a wake-up is replayed as it was decided: sleepers woken on every turn, servers killed at wake-ups', async () => {
    const bin = compile('ping-pong');
    const env = { ...process.env, SEMUNDO_FAULTS: 'wake=0.05,received=0.03' };
    const [real, ours] = await Promise.all([native([bin, '100']), supervised([bin, '100'], { env })]);
    assert.equal(real.stdout, '100 rounds: values 1 0 0 0, waiting 0/0 0/0\n');
    assert.equal(ours.stdout, real.stdout);
    assert.equal(ours.status, 0, ours.stderr);
    const replaced = Number(/replaced (\d+) time/.exec(ours.stderr)?.[1] ?? 0);
    assert.ok(replaced >= 3, ours.stderr);
    console.log(`# ping-pong: ${replaced} servers replaced`);
  });
});
