// arch/x86/entry/syscalls/syscall_64.tbl: the x86_64 numbers of the system calls made without a libc wrapper.
export const SYS_semctl = 66;
export const SYS_exit = 60;
export const SYS_setgroups = 116;
export const SYS_setresuid = 117;
export const SYS_setresgid = 119;
export const SYS_capget = 125;
export const SYS_capset = 126;
export const SYS_prctl = 157;
export const SYS_gettid = 186;
export const SYS_exit_group = 231;
export const SYS_tgkill = 234;
export const SYS_unshare = 272;
export const SYS_setns = 308;
export const SYS_kcmp = 312;

/** The numbers /proc/<pid>/task/<tid>/syscall shows while a thread sleeps in semop or semtimedop. */
export const SYS_semop = 65;
export const SYS_semtimedop = 220;

/** What `semundo run` traps or uses to serve a session. */
export const SYS_semget = 64;
export const SYS_openat = 257;
export const SYS_open = 2;
export const SYS_execve = 59;
export const SYS_execveat = 322;
export const SYS_setuid = 105;
export const SYS_setgid = 106;
export const SYS_setreuid = 113;
export const SYS_setregid = 114;
export const SYS_setfsuid = 122;
export const SYS_setfsgid = 123;
export const SYS_seccomp = 317;
export const SYS_process_vm_readv = 310;
export const SYS_process_vm_writev = 311;
export const SYS_pidfd_open = 434;
export const SYS_pidfd_getfd = 438;
