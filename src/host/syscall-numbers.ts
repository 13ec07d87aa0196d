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
