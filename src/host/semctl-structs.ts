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
