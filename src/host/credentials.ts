// kernel/sys.c and kernel/capability.c on the real kernel: credential changes of the calling thread only.
// The raw system calls are used on purpose: glibc's wrappers would apply the change to every thread.
import { libc, sysret } from './libc.js';
import {
  SYS_capget,
  SYS_capset,
  SYS_prctl,
  SYS_setgroups,
  SYS_setresgid,
  SYS_setresuid,
} from './syscall-numbers.js';

const sys3 = libc.func('long syscall(long nr, long a, long b, long c)');
const sysPtr = libc.func('long syscall(long nr, long a, void *b)');
const sysPtr2 = libc.func('long syscall(long nr, void *a, void *b)');

/** include/uapi/linux/capability.h: _LINUX_CAPABILITY_VERSION_3 (two 32-bit words per set). */
const CAPABILITY_VERSION_3 = 0x20080522;
/** include/uapi/linux/prctl.h */
const PR_SET_KEEPCAPS = 8;

/** Capability sets as bit masks (bit n = capability n). */
export interface CapSets {
  effective: bigint;
  permitted: bigint;
  inheritable: bigint;
}

/** -1 leaves an id unchanged, as for the system call. */
// kernel/sys.c: setresuid
export function setresuid(ruid: number, euid: number, suid: number): number {
  return sysret(sys3(SYS_setresuid, ruid, euid, suid));
}

// kernel/sys.c: setresgid
export function setresgid(rgid: number, egid: number, sgid: number): number {
  return sysret(sys3(SYS_setresgid, rgid, egid, sgid));
}

// kernel/groups.c: setgroups
export function setgroups(groups: readonly number[]): number {
  const buf = Buffer.alloc(4 * Math.max(1, groups.length));
  groups.forEach((g, i) => buf.writeUInt32LE(g >>> 0, 4 * i));
  return sysret(sysPtr(SYS_setgroups, groups.length, buf));
}

// kernel/sys.c: prctl(PR_SET_KEEPCAPS) — keep the permitted set across a change away from uid 0.
export function setKeepCaps(keep: boolean): number {
  return sysret(sys3(SYS_prctl, PR_SET_KEEPCAPS, keep ? 1 : 0, 0));
}

function capHeader(): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(CAPABILITY_VERSION_3, 0);
  return h;
}

// kernel/capability.c: capget of the calling thread
export function capget(): CapSets | number {
  const data = Buffer.alloc(24);
  const ret = sysret(sysPtr2(SYS_capget, capHeader(), data));
  if (ret < 0) return ret;
  const word = (off: number) => BigInt(data.readUInt32LE(off)) | (BigInt(data.readUInt32LE(off + 12)) << 32n);
  return { effective: word(0), permitted: word(4), inheritable: word(8) };
}

// kernel/capability.c: capset of the calling thread
export function capset(sets: CapSets): number {
  const data = Buffer.alloc(24);
  const put = (v: bigint, off: number) => {
    data.writeUInt32LE(Number(v & 0xffffffffn), off);
    data.writeUInt32LE(Number((v >> 32n) & 0xffffffffn), off + 12);
  };
  put(sets.effective, 0);
  put(sets.permitted, 4);
  put(sets.inheritable, 8);
  return sysret(sysPtr2(SYS_capset, capHeader(), data));
}

/** A bit mask from capability numbers. */
export function capMask(caps: Iterable<number>): bigint {
  let m = 0n;
  for (const c of caps) m |= 1n << BigInt(c);
  return m;
}
