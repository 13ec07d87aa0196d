// Long-running sessions for tests that talk to them while they run: the semundo command, a session started
// in the background, and waiting for what it prints.
import { spawn, spawnSync } from 'node:child_process';
import { MAIN } from './run-helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `semundo ARGS`, run to its end. */
export function semundo(args: string[], opts: { uid?: number; gid?: number } = {}) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000, ...opts });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Session {
  /** The keeper's pid (the session's). */
  pid: number;
  /** What it has printed so far, standard output and error together. */
  out: () => string;
  ended: Promise<number | null>;
  /** SIGTERM, relayed to the command. */
  term: () => void;
  kill: () => void;
}

/** `semundo run ARGS` in the background. */
export function startSession(args: string[], opts: { uid?: number; gid?: number } = {}): Session {
  const child = spawn(process.execPath, [MAIN, 'run', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...opts,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    pid: child.pid!,
    out: () => out,
    ended,
    term: () => void child.kill('SIGTERM'),
    kill: () => void child.kill('SIGKILL'),
  };
}

/** The first truthy value of `get`, polled; throws after `ms`. */
export async function until<T>(
  get: () => T | null | undefined | false,
  what: string,
  ms = 20_000,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
