// kernel/sys.c, kernel/groups.c, security/commoncap.c: the credential changes a task makes to itself,
// each with its privilege check. Each returns the new credentials, or a negative errno and no change.
import { CAP_SETGID, CAP_SETUID, EINVAL, EPERM } from '../abi/index.js';
import { capable, type Cred } from './credentials.js';

/** As for the system calls: an id of -1 leaves that id unchanged. */
export const KEEP_ID = -1;

/** include/uapi/linux/limits.h */
export const NGROUPS_MAX = 65536;

/** True when `id` is asked for and is none of the current real, effective and saved ids. */
const isNewId = (id: number, current: readonly number[]): boolean => id !== KEEP_ID && !current.includes(id);

const pick = (id: number, old: number): number => (id === KEEP_ID ? old : id);

// kernel/groups.c: setgroups (may_setgroups, the size, then groups_sort)
export function credSetgroups(old: Cred, groups: readonly number[]): Cred | number {
  if (!capable(old, CAP_SETGID)) return -EPERM;
  if (groups.length > NGROUPS_MAX) return -EINVAL;
  return { ...old, groups: [...groups].sort((a, b) => a - b) };
}

// kernel/sys.c: __sys_setresgid
export function credSetresgid(old: Cred, rgid: number, egid: number, sgid: number): Cred | number {
  const noop =
    (rgid === KEEP_ID || rgid === old.gid) &&
    (egid === KEEP_ID || (egid === old.egid && egid === old.fsgid)) &&
    (sgid === KEEP_ID || sgid === old.sgid);
  if (noop) return old;
  const current = [old.gid, old.egid, old.sgid];
  const asksNew = isNewId(rgid, current) || isNewId(egid, current) || isNewId(sgid, current);
  if (asksNew && !capable(old, CAP_SETGID)) return -EPERM;
  const e = pick(egid, old.egid);
  return { ...old, gid: pick(rgid, old.gid), egid: e, sgid: pick(sgid, old.sgid), fsgid: e };
}

// kernel/sys.c: __sys_setresuid; keepCaps is the SECURE_KEEP_CAPS bit (prctl PR_SET_KEEPCAPS)
export function credSetresuid(
  old: Cred,
  ruid: number,
  euid: number,
  suid: number,
  keepCaps: boolean,
): Cred | number {
  const noop =
    (ruid === KEEP_ID || ruid === old.uid) &&
    (euid === KEEP_ID || (euid === old.euid && euid === old.fsuid)) &&
    (suid === KEEP_ID || suid === old.suid);
  if (noop) return old;
  const current = [old.uid, old.euid, old.suid];
  const asksNew = isNewId(ruid, current) || isNewId(euid, current) || isNewId(suid, current);
  if (asksNew && !capable(old, CAP_SETUID)) return -EPERM;
  const e = pick(euid, old.euid);
  const next = { ...old, uid: pick(ruid, old.uid), euid: e, suid: pick(suid, old.suid), fsuid: e };
  return capEmulateSetxuid(next, old, keepCaps);
}

// security/commoncap.c: cap_emulate_setxuid
export function capEmulateSetxuid(next: Cred, old: Cred, keepCaps: boolean): Cred {
  const wasRoot = old.uid === 0 || old.euid === 0 || old.suid === 0;
  const isRoot = next.uid === 0 || next.euid === 0 || next.suid === 0;
  let { capEff, capPrm } = next;
  if (wasRoot && !isRoot && !keepCaps) {
    capPrm = new Set();
    capEff = new Set();
  }
  if (old.euid === 0 && next.euid !== 0) capEff = new Set();
  if (old.euid !== 0 && next.euid === 0) capEff = new Set(capPrm);
  return { ...next, capEff, capPrm };
}

const subset = (a: ReadonlySet<number>, b: ReadonlySet<number>): boolean => [...a].every((c) => b.has(c));

// security/commoncap.c: cap_capset (the inheritable set is always empty here)
export function credCapset(
  old: Cred,
  effective: ReadonlySet<number>,
  permitted: ReadonlySet<number>,
): Cred | number {
  if (!subset(permitted, old.capPrm)) return -EPERM;
  if (!subset(effective, permitted)) return -EPERM;
  return { ...old, capEff: new Set(effective), capPrm: new Set(permitted) };
}
