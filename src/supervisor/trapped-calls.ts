// arch/x86/entry/syscalls/syscall_64.tbl: the system calls a session's filter sends to its supervisor.
import { CLONE_NEWIPC, CLONE_SYSVSEM } from '../abi/index.js';
import type { TrapRule } from '../host/seccomp-filter.js';
import {
  SYS_capset,
  SYS_execve,
  SYS_execveat,
  SYS_semctl,
  SYS_semget,
  SYS_semop,
  SYS_semtimedop,
  SYS_setfsgid,
  SYS_setfsuid,
  SYS_setgid,
  SYS_setgroups,
  SYS_setregid,
  SYS_setresgid,
  SYS_setresuid,
  SYS_setreuid,
  SYS_setuid,
} from '../host/syscall-numbers.js';

/** How many fd numbers, at the top of the command's soft RLIMIT_NOFILE, hold writable virtual files. */
export const RESERVED_FDS = 16;

export const SYS = {
  semget: SYS_semget,
  semop: SYS_semop,
  semtimedop: SYS_semtimedop,
  semctl: SYS_semctl,
  open: 2,
  openat: 257,
  openat2: 437,
  write: 1,
  pwrite64: 18,
  writev: 20,
  pwritev: 296,
  pwritev2: 328,
  read: 0,
  pread64: 17,
  unshare: 272,
  setns: 308,
  clone: 56,
} as const;

/** The calls that write through a descriptor (its number is the first argument). */
export const WRITE_CALLS: ReadonlySet<number> = new Set([
  SYS.write,
  SYS.pwrite64,
  SYS.writev,
  SYS.pwritev,
  SYS.pwritev2,
]);

/** Calls that change a thread's credentials: its cached ones are read again from /proc at its next call. */
const CRED_CHANGES = [
  SYS_setuid,
  SYS_setgid,
  SYS_setreuid,
  SYS_setregid,
  SYS_setgroups,
  SYS_setresuid,
  SYS_setresgid,
  SYS_setfsuid,
  SYS_setfsgid,
  SYS_capset,
];

/** execve of a setuid or file-capability program changes credentials too (only without no_new_privs). */
const EXECS = [SYS_execve, SYS_execveat];

export const CRED_CALLS: ReadonlySet<number> = new Set([...CRED_CHANGES, ...EXECS]);

export interface TrapOptions {
  /** execve can change credentials (no no_new_privs): exec is trapped too. */
  execChangesCreds: boolean;
  /** Opens are trapped for the virtual /proc files. */
  virtualFiles: boolean;
  /** Writes through descriptors from this number up are trapped (writable virtual files live there). */
  reservedFd: number | null;
}

/** The filter's rules: the semaphore calls first (the hot path), then the rest. */
export function trapRules(opts: TrapOptions): TrapRule[] {
  const rules: TrapRule[] = [
    { nr: SYS_semtimedop },
    { nr: SYS_semop },
    { nr: SYS_semget },
    { nr: SYS_semctl },
    // unshare(CLONE_NEWIPC) implies CLONE_SYSVSEM: both detach the undo list.
    { nr: SYS.unshare, arg0Any: CLONE_SYSVSEM | CLONE_NEWIPC },
    { nr: SYS.setns },
    // A child process that shares its parent's undo list (thread creation uses clone3, not trapped).
    { nr: SYS.clone, arg0Any: CLONE_SYSVSEM },
  ];
  if (opts.virtualFiles) {
    rules.push({ nr: SYS.openat }, { nr: SYS.open }, { nr: SYS.openat2 });
    if (opts.reservedFd !== null)
      for (const nr of [...WRITE_CALLS, SYS.read, SYS.pread64])
        rules.push({ nr, arg0AtLeast: opts.reservedFd });
  }
  rules.push(...CRED_CHANGES.map((nr) => ({ nr })));
  if (opts.execChangesCreds) rules.push(...EXECS.map((nr) => ({ nr })));
  return rules;
}
