// arch/x86/entry/syscalls/syscall_64.tbl: the system calls a session's filter sends to its supervisor.
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

export const SYS = {
  semget: SYS_semget,
  semop: SYS_semop,
  semtimedop: SYS_semtimedop,
  semctl: SYS_semctl,
} as const;

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

/** The filter's rules: the semaphore calls, credential changes, and exec when privileges can change at exec. */
export function trapRules(opts: { execChangesCreds: boolean }): TrapRule[] {
  return [
    { nr: SYS_semtimedop },
    { nr: SYS_semop },
    { nr: SYS_semget },
    { nr: SYS_semctl },
    ...CRED_CHANGES.map((nr) => ({ nr })),
    ...(opts.execChangesCreds ? EXECS.map((nr) => ({ nr })) : []),
  ];
}
