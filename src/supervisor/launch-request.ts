// What `semundo run` tells its launcher, over the socket that is the launcher's fd 3 (length-prefixed JSON).
import type { TrapRule } from '../host/seccomp-filter.js';

export interface LaunchRequest {
  /** The command and its arguments; argv[0] is looked up in PATH as execvp does. */
  argv: string[];
  /** The environment the command gets, exactly. */
  env: Record<string, string>;
  /** RLIMIT_NOFILE as the command would have had it (Node raises the soft limit at start-up). */
  nofile: { soft: string; hard: string } | null;
  /** Set PR_SET_NO_NEW_PRIVS (needed without CAP_SYS_ADMIN; it strips setuid programs of their privileges). */
  noNewPrivs: boolean;
  /** The system calls the filter sends to the supervisor. */
  rules: TrapRule[];
}

/** Exit codes of the launcher itself, as env(1) and timeout(1) use them. */
export const EXIT_LAUNCH_FAILED = 125;
export const EXIT_CANNOT_EXECUTE = 126;
export const EXIT_NOT_FOUND = 127;

export function encodeRequest(req: LaunchRequest): Buffer {
  const body = Buffer.from(JSON.stringify(req), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}
