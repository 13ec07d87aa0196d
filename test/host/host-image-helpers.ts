// For the host image tests: the test's main thread moved into fresh IPC namespaces (the CLI runs as a
// child, which starts in the namespace of the thread that spawns it), and a source namespace to dump.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLONE_NEWIPC, IPC_CREAT, IPC_PRIVATE, IPC_SET, SETALL, SETVAL } from '../../src/abi/index.js';
import { withEffectiveIds } from '../../src/host/as-creator.js';
import { writePath } from '../../src/host/file-calls.js';
import { unshare } from '../../src/host/namespaces.js';
import { semget, semop } from '../../src/host/sem-syscalls.js';
import { writeSemNextId } from '../../src/host/sem-sysctls.js';
import { semctl } from '../../src/host/semctl.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** Moves the calling (main) thread into a new, empty IPC namespace. */
export function freshNamespace(): void {
  const r = unshare(CLONE_NEWIPC);
  if (r < 0) throw new Error(`unshare(CLONE_NEWIPC) failed: ${r}`);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `semundo ARGS...` as a child process, in the main thread's IPC namespace. */
export function cli(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(ret: number, what: string): number {
  if (ret < 0) throw new Error(`${what} failed: ${ret}`);
  return ret;
}

export const KEY_B = 0x5eed;
export const KEY_C = 0x1234;
export const KEY_D = -0x7ead0001;
/** Ids chosen through sem_next_id: sequence 3 index 7, sequence 1 index 100. */
export const ID_C = 3 * 32768 + 7;
export const ID_D = 32768 + 100;
export const LIMITS = { semmsl: 250, semmns: 64000, semopm: 32, semmni: 128 };
export const PENDING_NEXT_ID = 500;

/**
 * The source namespace (the main thread's, which must be fresh):
 * A: id 0, private, 0600, values [1,3,3] by SETALL then a semop (sempid and otime set);
 * B: id 1, key 0x5eed, created by uid 1000 gid 1001, owned by 2000:2001, 0640, never operated on;
 * C: id 98311, key 0x1234, 0666, 2 semaphores, SETVAL 32767 on semaphore 0 only;
 * D: id 32868, a negative key, 0400, 4 semaphores, SETVAL 5 on semaphore 2;
 * limits 250 64000 32 128, and sem_next_id 500 left pending.
 */
export function buildSource(): void {
  ok(semget(IPC_PRIVATE, 3, IPC_CREAT | 0o600), 'semget A');
  ok(semctl(0, 0, SETALL, [1, 2, 3]).ret, 'SETALL A');
  ok(semop(0, [{ sem_num: 1, sem_op: 1, sem_flg: 0 }]), 'semop A');
  const b = withEffectiveIds(1000, 1001, () => semget(KEY_B, 2, IPC_CREAT | 0o600));
  ok(b, 'semget B');
  ok(semctl(b, 0, IPC_SET, { uid: 2000, gid: 2001, mode: 0o640 }).ret, 'IPC_SET B');
  ok(writeSemNextId(ID_C), 'sem_next_id C');
  if (ok(semget(KEY_C, 2, IPC_CREAT | 0o666), 'semget C') !== ID_C) throw new Error('C got another id');
  ok(semctl(ID_C, 0, SETVAL, 32767).ret, 'SETVAL C');
  ok(writeSemNextId(ID_D), 'sem_next_id D');
  if (ok(semget(KEY_D, 4, IPC_CREAT | 0o400), 'semget D') !== ID_D) throw new Error('D got another id');
  ok(semctl(ID_D, 2, SETVAL, 5).ret, 'SETVAL D');
  const l = LIMITS;
  ok(writePath('/proc/sys/kernel/sem', `${l.semmsl} ${l.semmns} ${l.semopm} ${l.semmni}`), 'limits');
  ok(writeSemNextId(PENDING_NEXT_ID), 'sem_next_id pending');
}
