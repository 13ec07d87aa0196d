// fs/proc/array.c on the real kernel: what /proc/<tid>/status says of a thread — ids, credentials, signals.
import { readFileSync, readlinkSync } from 'node:fs';
import { nodeErrno } from './node-errno.js';

export interface ThreadStatus {
  tgid: number;
  ppid: number;
  /** The first letter of State: R, S, D, T, t, Z, X … */
  state: string;
  /** real, effective, saved, filesystem */
  uids: [number, number, number, number];
  gids: [number, number, number, number];
  groups: number[];
  capEff: bigint;
  capPrm: bigint;
  /** Pending for this thread, pending for the process, blocked, ignored, caught (bit n-1 for signal n). */
  sigPnd: bigint;
  shdPnd: bigint;
  sigBlk: bigint;
  sigIgn: bigint;
  sigCgt: bigint;
  /** How many times the thread has gone to sleep (voluntary_ctxt_switches). */
  voluntarySwitches: number;
  /** Its seccomp mode: 0 none, 1 strict, 2 filters. */
  seccomp: number;
}

const ids = (v: string): [number, number, number, number] =>
  v.split(/\s+/).map(Number) as [number, number, number, number];

/** /proc/<tid>/status of a thread (any thread id, also a non-leader's), or -errno (ENOENT: gone). */
export function readThreadStatus(tid: number): ThreadStatus | number {
  let text: string;
  try {
    text = readFileSync(`/proc/${tid}/status`, 'latin1');
  } catch (e) {
    return nodeErrno(e);
  }
  const s: Partial<ThreadStatus> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const v = line.slice(colon + 1).trim();
    switch (line.slice(0, colon)) {
      case 'State':
        s.state = v.charAt(0);
        break;
      case 'Tgid':
        s.tgid = Number(v);
        break;
      case 'PPid':
        s.ppid = Number(v);
        break;
      case 'Uid':
        s.uids = ids(v);
        break;
      case 'Gid':
        s.gids = ids(v);
        break;
      case 'Groups':
        s.groups = v === '' ? [] : v.split(/\s+/).map(Number);
        break;
      case 'CapEff':
        s.capEff = BigInt('0x' + v);
        break;
      case 'CapPrm':
        s.capPrm = BigInt('0x' + v);
        break;
      case 'SigPnd':
        s.sigPnd = BigInt('0x' + v);
        break;
      case 'ShdPnd':
        s.shdPnd = BigInt('0x' + v);
        break;
      case 'SigBlk':
        s.sigBlk = BigInt('0x' + v);
        break;
      case 'SigIgn':
        s.sigIgn = BigInt('0x' + v);
        break;
      case 'SigCgt':
        s.sigCgt = BigInt('0x' + v);
        break;
      case 'Seccomp':
        s.seccomp = Number(v);
        break;
      case 'voluntary_ctxt_switches':
        s.voluntarySwitches = Number(v);
        break;
    }
  }
  return s as ThreadStatus;
}

/** The inode number of the IPC namespace a thread is in (/proc/<tid>/ns/ipc), or -errno. */
export function threadIpcNamespaceInode(tid: number): number {
  try {
    const link = readlinkSync(`/proc/${tid}/ns/ipc`);
    return Number(/\[(\d+)\]/.exec(link)?.[1] ?? NaN);
  } catch (e) {
    return nodeErrno(e);
  }
}
