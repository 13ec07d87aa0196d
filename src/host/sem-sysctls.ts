// ipc/ipc_sysctl.c on the real kernel: the semaphore sysctls of the calling thread's IPC namespace,
// and kernel/pid.c's ns_last_pid of its pid namespace.
import { ENOENT, type SemLimits } from '../abi/index.js';
import { readPath, writePath } from './file-calls.js';
import { HostSemError, errnoName } from './host-sem-error.js';

const SEM = '/proc/sys/kernel/sem';
const SEM_NEXT_ID = '/proc/sys/kernel/sem_next_id';
const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';

/** The integers of a sysctl file, or -errno. */
function readInts(path: string): number[] | number {
  const r = readPath(path);
  if (typeof r === 'number') return r;
  const words = r.text.trim().split(/\s+/);
  const ints = words.map(Number);
  if (words.length === 0 || ints.some((n) => !Number.isSafeInteger(n)))
    throw new HostSemError(`${path}: unexpected content ${JSON.stringify(r.text)}`);
  return ints;
}

/** SEMMSL SEMMNS SEMOPM SEMMNI, as /proc/sys/kernel/sem holds them. */
export function readSemLimits(): SemLimits {
  const v = readInts(SEM);
  if (typeof v === 'number') throw new HostSemError(`reading ${SEM} failed: ${errnoName(v)}`, -v);
  if (v.length !== 4) throw new HostSemError(`${SEM}: expected 4 numbers, found ${v.length}`);
  const [semmsl, semmns, semopm, semmni] = v as [number, number, number, number];
  return { semmsl, semmns, semopm, semmni };
}

/** Writes the four limits in one write(); 0 or -errno. */
export function writeSemLimits(l: SemLimits): number {
  const r = writePath(SEM, `${l.semmsl} ${l.semmns} ${l.semopm} ${l.semmni}\n`);
  return r < 0 ? r : 0;
}

/** The id the next created set takes (-1: none), or null when the kernel has no such sysctl (no CONFIG_CHECKPOINT_RESTORE). */
export function readSemNextId(): number | null {
  const v = readInts(SEM_NEXT_ID);
  if (v === -ENOENT) return null;
  if (typeof v === 'number') throw new HostSemError(`reading ${SEM_NEXT_ID} failed: ${errnoName(v)}`, -v);
  return v[0]!;
}

/** Sets the id of the next created set (the kernel takes 0..INT_MAX only); 0 or -errno. */
export function writeSemNextId(id: number): number {
  const r = writePath(SEM_NEXT_ID, `${id}\n`);
  return r < 0 ? r : 0;
}

/** The last pid handed out in the caller's pid namespace, or null when it cannot be read. */
export function readNsLastPid(): number | null {
  const v = readInts(NS_LAST_PID);
  return typeof v === 'number' ? null : v[0]!;
}
