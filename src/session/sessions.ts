// The running sessions a user can reach (their control sockets), and one request to one of them.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { MAX_REQUEST_BYTES, type Answer, type Request } from '../supervisor/control-protocol.js';
import { runtimeBase, sessionDir } from '../supervisor/runtime-dir.js';

export interface SessionRef {
  /** The pid of the `semundo run` process that serves it. */
  pid: number;
  owner: number;
  path: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The sessions of `uid` (every user's for root) whose server still runs, by pid. */
export function listSessions(uid = process.geteuid?.() ?? 0): SessionRef[] {
  return sockets(uid).filter((s) => s.alive);
}

/** Every control socket of `uid` (every user's for root), and whether its pid is alive. */
function sockets(uid: number): (SessionRef & { alive: boolean })[] {
  const base = runtimeBase();
  let dirs: string[];
  if (uid === 0) {
    try {
      dirs = readdirSync(base)
        .filter((d) => /^semundo-\d+$/.test(d))
        .map((d) => join(base, d));
    } catch {
      dirs = [];
    }
  } else dirs = [sessionDir(uid, base)];
  const out: (SessionRef & { alive: boolean })[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = /^(\d+)\.sock$/.exec(name);
      if (!m) continue;
      const path = join(dir, name);
      const pid = Number(m[1]);
      try {
        out.push({ pid, owner: statSync(path).uid, path, alive: alive(pid) });
      } catch {
        // Removed meanwhile.
      }
    }
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** Whether a server listens on the socket: false when nobody does (ECONNREFUSED) or it is gone. */
function listening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection(path);
    sock.on('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.on('error', () => resolve(false));
  });
}

/**
 * listSessions, less the sockets nobody listens on: those a session killed by SIGKILL left behind
 * (their pid may have been reused since). The caller's own stale sockets are removed.
 */
export async function liveSessions(uid = process.geteuid?.() ?? 0): Promise<SessionRef[]> {
  const all = sockets(uid);
  const live = await Promise.all(all.map((s) => s.alive && listening(s.path)));
  const me = process.geteuid?.() ?? 0;
  for (let i = 0; i < all.length; i++)
    if (!live[i] && all[i]!.owner === me) rmSync(all[i]!.path, { force: true });
  return all.filter((_, i) => live[i]).map(({ pid, owner, path }) => ({ pid, owner, path }));
}

/** Sends one request and resolves with its answer (or a failed answer when the session cannot be reached). */
export function ask<T>(path: string, req: Request, timeoutMs = 10_000): Promise<Answer<T>> {
  return new Promise((resolve) => {
    const sock = createConnection(path);
    let buf = '';
    const done = (a: Answer<T>): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => done({ ok: false, error: 'the session did not answer' }), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(JSON.stringify(req) + '\n'));
    sock.on('error', (e) => done({ ok: false, error: `cannot reach the session: ${e.message}` }));
    sock.on('data', (d: string) => {
      buf += d;
      if (buf.length > 64 * MAX_REQUEST_BYTES * 1024) return done({ ok: false, error: 'answer too large' });
      const nl = buf.indexOf('\n');
      if (nl >= 0) done(JSON.parse(buf.slice(0, nl)) as Answer<T>);
    });
    sock.on('end', () => done({ ok: false, error: 'the session closed the connection' }));
  });
}
