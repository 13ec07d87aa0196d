// ipc/sem.c on the real kernel: semget, semop and semtimedop through libc (each a direct system call).
import type { Sembuf } from '../abi/index.js';
import { libc, sysret } from './libc.js';

const cSemget = libc.func('int semget(int key, int nsems, int semflg)');
const cSemop = libc.func('int semop(int semid, void *sops, size_t nsops)');
const cSemtimedop = libc.func('int semtimedop(int semid, void *sops, size_t nsops, void *timeout)');

/** A struct timespec; a negative tv_sec or an out-of-range tv_nsec is what the kernel calls invalid. */
export interface HostTimespec {
  tv_sec: number | bigint;
  tv_nsec: number | bigint;
}

/** struct sembuf[]: u16 sem_num, s16 sem_op, s16 sem_flg each, converted as C converts integers. */
export function encodeSops(sops: readonly Sembuf[]): Buffer {
  const buf = Buffer.alloc(Math.max(1, sops.length) * 6);
  sops.forEach((s, i) => {
    buf.writeUInt16LE(s.sem_num & 0xffff, i * 6);
    buf.writeInt16LE((s.sem_op << 16) >> 16, i * 6 + 2);
    buf.writeInt16LE((s.sem_flg << 16) >> 16, i * 6 + 4);
  });
  return buf;
}

/** struct timespec: two 64-bit signed fields. */
export function encodeTimespec(t: HostTimespec): Buffer {
  const buf = Buffer.alloc(16);
  buf.writeBigInt64LE(BigInt.asIntN(64, BigInt(t.tv_sec)), 0);
  buf.writeBigInt64LE(BigInt.asIntN(64, BigInt(t.tv_nsec)), 8);
  return buf;
}

// ipc/sem.c: ksys_semget
export function semget(key: number, nsems: number, semflg: number): number {
  return sysret(cSemget(key | 0, nsems | 0, semflg | 0));
}

// ipc/sem.c: ksys_semop — may sleep; the calling thread blocks until the kernel answers.
export function semop(semid: number, sops: readonly Sembuf[]): number {
  return sysret(cSemop(semid | 0, encodeSops(sops), sops.length));
}

// ipc/sem.c: ksys_semtimedop — a null timeout sleeps without limit, as semop does.
export function semtimedop(semid: number, sops: readonly Sembuf[], timeout: HostTimespec | null): number {
  const ts = timeout === null ? null : encodeTimespec(timeout);
  return sysret(cSemtimedop(semid | 0, encodeSops(sops), sops.length, ts));
}
