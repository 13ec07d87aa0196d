// include/linux/cred.h: a task's credentials, and the capability and group tests IPC uses.
import { CAPABILITIES } from '../abi/index.js';

export interface Cred {
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  suid: number;
  sgid: number;
  fsuid: number;
  fsgid: number;
  groups: readonly number[];
  /** Effective capabilities (bit numbers). */
  capEff: ReadonlySet<number>;
  /** Permitted capabilities: what a return to euid 0 can make effective again. */
  capPrm: ReadonlySet<number>;
}

export const ALL_CAPS: ReadonlySet<number> = new Set(Object.values(CAPABILITIES));

/** Credentials of a process started with the given ids (spawn). */
export function makeCred(uid: number, gid: number, groups: readonly number[], caps?: Iterable<number>): Cred {
  const set = new Set(caps ?? (uid === 0 ? ALL_CAPS : []));
  return {
    uid,
    gid,
    euid: uid,
    egid: gid,
    suid: uid,
    sgid: gid,
    fsuid: uid,
    fsgid: gid,
    groups: [...groups],
    capEff: set,
    capPrm: new Set(set),
  };
}

// kernel/capability.c: ns_capable (one user namespace: the capability set decides)
export function capable(cred: Cred, cap: number): boolean {
  return cred.capEff.has(cap);
}

// kernel/groups.c: in_group_p (fsgid, then the supplementary groups)
export function inGroup(cred: Cred, gid: number): boolean {
  return cred.fsgid === gid || cred.groups.includes(gid);
}
