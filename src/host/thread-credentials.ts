// Setting a whole set of credentials on the calling thread, in the order that keeps the privilege to
// do each step: groups and gids first, then uids (keeping capabilities if asked), then capabilities.
import { capget, capset, setKeepCaps, setgroups, setresgid, setresuid, type CapSets } from './credentials.js';

/** The ids are [real, effective, saved]; a capability set left out is kept as the kernel leaves it. */
export interface ThreadCred {
  uids: readonly [number, number, number];
  gids: readonly [number, number, number];
  groups: readonly number[];
  caps?: CapSets;
}

/** Returns 0, or the -errno of the first step that failed (the steps before it stay done). */
export function applyThreadCred(c: ThreadCred): number {
  let r = setgroups(c.groups);
  if (r < 0) return r;
  r = setresgid(c.gids[0], c.gids[1], c.gids[2]);
  if (r < 0) return r;
  if (c.caps) {
    r = setKeepCaps(true);
    if (r < 0) return r;
  }
  r = setresuid(c.uids[0], c.uids[1], c.uids[2]);
  if (r < 0) return r;
  if (!c.caps) return 0;
  r = capset(c.caps);
  if (r < 0) return r;
  return setKeepCaps(false);
}

/** A change as a scenario's setcred asks for it; absent fields stay unchanged. */
export interface CredChange {
  uid?: number;
  gid?: number;
  euid?: number;
  egid?: number;
  groups?: readonly number[];
  /** Effective and permitted capabilities. */
  caps?: bigint;
}

/**
 * setresuid/setresgid/setgroups/capset as a program would call them: uid sets the real id, euid (or
 * else uid) the effective and saved ids. Returns 0 or the -errno of the first call that failed.
 */
export function changeThreadCred(c: CredChange): number {
  if (c.groups) {
    const r = setgroups(c.groups);
    if (r < 0) return r;
  }
  if (c.gid !== undefined || c.egid !== undefined) {
    const e = c.egid ?? c.gid ?? -1;
    const r = setresgid(c.gid ?? -1, e, e);
    if (r < 0) return r;
  }
  if (c.caps !== undefined) {
    const r = setKeepCaps(true);
    if (r < 0) return r;
  }
  if (c.uid !== undefined || c.euid !== undefined) {
    const e = c.euid ?? c.uid ?? -1;
    const r = setresuid(c.uid ?? -1, e, e);
    if (r < 0) {
      // A failed change leaves no trace: PR_SET_KEEPCAPS would keep capabilities at a later drop of uid 0.
      if (c.caps !== undefined) setKeepCaps(false);
      return r;
    }
  }
  if (c.caps === undefined) return 0;
  const r = capset({ effective: c.caps, permitted: c.caps, inheritable: 0n });
  setKeepCaps(false);
  return r;
}

/** The calling thread's capability sets (throws if capget itself fails, which it cannot for oneself). */
export function ownCaps(): CapSets {
  const c = capget();
  if (typeof c === 'number') throw new Error(`capget failed: ${c}`);
  return c;
}
