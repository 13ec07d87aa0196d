// ipc/util.c: ipc_addid records the creator as current_euid()/current_egid(); to give a recreated set
// its creator ids, the calling thread creates it with those as its effective ids.
import { setresgid, setresuid } from './credentials.js';
import { HostSemError, errnoName } from './host-sem-error.js';
import { libc } from './libc.js';

const NO_ID = 0xffffffff;
const cGeteuid = libc.func('unsigned int geteuid()');
const cGetegid = libc.func('unsigned int getegid()');

/** The calling thread's effective uid and gid. */
export function threadEffectiveIds(): { euid: number; egid: number } {
  return { euid: Number(cGeteuid()), egid: Number(cGetegid()) };
}

/**
 * Runs `fn` with the calling thread's effective uid and gid set to `euid`/`egid` (real and saved ids
 * stay, so the way back stays open), then restores them. Throws a HostSemError if a switch fails.
 */
export function withEffectiveIds<T>(euid: number, egid: number, fn: () => T): T {
  // (uid_t)-1 means "unchanged" to setresuid and names nobody.
  if (euid === NO_ID || egid === NO_ID) throw new HostSemError(`${NO_ID} is not a valid uid or gid`);
  const was = threadEffectiveIds();
  if (was.euid === euid && was.egid === egid) return fn();
  let r = setresgid(-1, egid, -1);
  if (r < 0) throw new HostSemError(`cannot take effective gid ${egid}: ${errnoName(r)}`, -r);
  r = setresuid(-1, euid, -1);
  if (r < 0) {
    setresgid(-1, was.egid, -1);
    throw new HostSemError(`cannot take effective uid ${euid}: ${errnoName(r)}`, -r);
  }
  try {
    return fn();
  } finally {
    // Back to the old euid first: going back to uid 0 gives the effective capabilities back.
    const u = setresuid(-1, was.euid, -1);
    const g = setresgid(-1, was.egid, -1);
    if (u < 0 || g < 0)
      // eslint-disable-next-line no-unsafe-finally
      throw new Error(
        `cannot return to effective uid ${was.euid} and gid ${was.egid}: ${errnoName(u < 0 ? u : g)}`,
      );
  }
}
