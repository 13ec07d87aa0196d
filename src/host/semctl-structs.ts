// include/uapi/asm-generic/sembuf.h, ipcbuf.h, sem.h: struct semid64_ds (104 bytes) and struct seminfo (40 bytes) on x86_64.
import type { SemidDs, SemidDsSet, Seminfo } from '../abi/index.js';

export const SEMID64_DS_SIZE = 104;
export const SEMINFO_SIZE = 40;

/** struct ipc64_perm at offset 0: key s32, uid, gid, cuid, cgid, mode u32, seq u16; then the times and nsems. */
export function decodeSemidDs(buf: Buffer): SemidDs {
  return {
    sem_perm: {
      key: buf.readInt32LE(0),
      uid: buf.readUInt32LE(4),
      gid: buf.readUInt32LE(8),
      cuid: buf.readUInt32LE(12),
      cgid: buf.readUInt32LE(16),
      mode: buf.readUInt32LE(20),
      seq: buf.readUInt16LE(24),
    },
    sem_otime: Number(buf.readBigInt64LE(48)),
    sem_ctime: Number(buf.readBigInt64LE(64)),
    sem_nsems: Number(buf.readBigUInt64LE(80)),
  };
}

/** What IPC_SET reads: sem_perm.uid, sem_perm.gid and sem_perm.mode; the rest is zero. */
export function encodeSemidDsSet(v: SemidDsSet): Buffer {
  const buf = Buffer.alloc(SEMID64_DS_SIZE);
  buf.writeUInt32LE(v.uid >>> 0, 4);
  buf.writeUInt32LE(v.gid >>> 0, 8);
  buf.writeUInt32LE(v.mode >>> 0, 20);
  return buf;
}

const SEMINFO_FIELDS = [
  'semmap',
  'semmni',
  'semmns',
  'semmnu',
  'semmsl',
  'semopm',
  'semume',
  'semusz',
  'semvmx',
  'semaem',
] as const;

/** Ten ints, in the order of the C structure. */
export function decodeSeminfo(buf: Buffer): Seminfo {
  const out = {} as Seminfo;
  SEMINFO_FIELDS.forEach((f, i) => (out[f] = buf.readInt32LE(i * 4)));
  return out;
}

/** The bytes IPC_STAT / SEM_STAT write: the kernel zero-fills the structure, then sets these fields. */
export function encodeSemidDs(v: SemidDs): Buffer {
  const buf = Buffer.alloc(SEMID64_DS_SIZE);
  const p = v.sem_perm;
  buf.writeInt32LE(p.key | 0, 0);
  buf.writeUInt32LE(p.uid >>> 0, 4);
  buf.writeUInt32LE(p.gid >>> 0, 8);
  buf.writeUInt32LE(p.cuid >>> 0, 12);
  buf.writeUInt32LE(p.cgid >>> 0, 16);
  buf.writeUInt32LE(p.mode >>> 0, 20);
  buf.writeUInt16LE(p.seq & 0xffff, 24);
  buf.writeBigInt64LE(BigInt(v.sem_otime), 48);
  buf.writeBigInt64LE(BigInt(v.sem_ctime), 64);
  buf.writeBigUInt64LE(BigInt(v.sem_nsems), 80);
  return buf;
}

/** What IPC_SET takes from the caller's semid64_ds. */
export function decodeSemidDsSet(buf: Buffer): SemidDsSet {
  return { uid: buf.readUInt32LE(4), gid: buf.readUInt32LE(8), mode: buf.readUInt32LE(20) };
}

export function encodeSeminfo(info: Seminfo): Buffer {
  const buf = Buffer.alloc(SEMINFO_SIZE);
  SEMINFO_FIELDS.forEach((f, i) => buf.writeInt32LE(info[f] | 0, i * 4));
  return buf;
}
