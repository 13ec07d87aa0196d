// Where sessions put their control sockets: one directory per user, mode 0700, a socket per session.
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/** $SEMUNDO_RUNTIME_DIR, or the system's temporary directory. */
export function runtimeBase(): string {
  return process.env.SEMUNDO_RUNTIME_DIR ?? tmpdir();
}

/** The directory of `uid`'s sessions. */
export function sessionDir(uid: number, base = runtimeBase()): string {
  return join(base, `semundo-${uid}`);
}

/** The control socket of the session served by process `pid`. */
export function socketPath(uid: number, pid: number, base = runtimeBase()): string {
  return join(sessionDir(uid, base), `${pid}.sock`);
}
