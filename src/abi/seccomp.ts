// include/uapi/linux/seccomp.h, filter.h, audit.h on x86_64: the numbers and layouts of seccomp user notification.

/** seccomp(2) operations and filter flags. */
export const SECCOMP_SET_MODE_FILTER = 1;
export const SECCOMP_GET_NOTIF_SIZES = 3;
export const SECCOMP_FILTER_FLAG_NEW_LISTENER = 8;
export const SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV = 32;

/** Filter return values. */
export const SECCOMP_RET_ALLOW = 0x7fff0000;
export const SECCOMP_RET_USER_NOTIF = 0x7fc00000;
export const SECCOMP_RET_ERRNO = 0x00050000;

/** ioctls on the listener: _IOWR('!', 0, seccomp_notif), _IOWR('!', 1, resp), _IOW('!', 2, u64), _IOW('!', 3, addfd), _IOW('!', 4, u64). */
export const SECCOMP_IOCTL_NOTIF_RECV = 0xc0502100;
export const SECCOMP_IOCTL_NOTIF_SEND = 0xc0182101;
export const SECCOMP_IOCTL_NOTIF_ID_VALID = 0x40082102;
export const SECCOMP_IOCTL_NOTIF_ADDFD = 0x40182103;
export const SECCOMP_IOCTL_NOTIF_SET_FLAGS = 0x40082104;

/** seccomp_notif_resp.flags */
export const SECCOMP_USER_NOTIF_FLAG_CONTINUE = 1;
/** SECCOMP_IOCTL_NOTIF_SET_FLAGS: wake the answered thread on the answering CPU (Linux 6.6). */
export const SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP = 1;
/** seccomp_notif_addfd.flags */
export const SECCOMP_ADDFD_FLAG_SETFD = 1;
export const SECCOMP_ADDFD_FLAG_SEND = 2;

/** struct seccomp_notif (80 bytes): id u64 @0, pid u32 @8, flags u32 @12, seccomp_data @16. */
export const SECCOMP_NOTIF_SIZE = 80;
export const NOTIF_ID = 0;
export const NOTIF_PID = 8;
/** seccomp_data inside seccomp_notif: nr s32, arch u32, instruction_pointer u64, args u64[6]. */
export const NOTIF_NR = 16;
export const NOTIF_ARCH = 20;
export const NOTIF_IP = 24;
export const NOTIF_ARGS = 32;
/** struct seccomp_notif_resp (24 bytes): id u64 @0, val s64 @8, error s32 @16, flags u32 @20. */
export const SECCOMP_NOTIF_RESP_SIZE = 24;
/** struct seccomp_notif_addfd (24 bytes): id u64, flags u32, srcfd u32, newfd u32, newfd_flags u32. */
export const SECCOMP_NOTIF_ADDFD_SIZE = 24;

/** struct seccomp_data offsets, as a filter loads them. */
export const SECCOMP_DATA_NR = 0;
export const SECCOMP_DATA_ARCH = 4;
export const SECCOMP_DATA_ARG0_LO = 16;

export const AUDIT_ARCH_X86_64 = 0xc000003e;
/** arch/x86/include/uapi/asm/unistd.h: x32 system calls carry this bit. */
export const X32_SYSCALL_BIT = 0x40000000;

/** include/uapi/linux/filter.h, bpf_common.h: classic BPF opcodes a seccomp filter uses. */
export const BPF_LD_W_ABS = 0x20;
export const BPF_JMP_JEQ_K = 0x15;
export const BPF_JMP_JGE_K = 0x35;
export const BPF_JMP_JSET_K = 0x45;
export const BPF_RET_K = 0x06;

/** include/uapi/linux/prctl.h */
export const PR_SET_NO_NEW_PRIVS = 38;
export const PR_GET_NO_NEW_PRIVS = 39;
export const PR_SET_CHILD_SUBREAPER = 36;
export const PR_SET_PDEATHSIG = 1;

/** include/uapi/linux/pidfd.h: a pidfd for one thread, readable when that thread exits (Linux 6.9). */
export const PIDFD_THREAD = 0o200;
