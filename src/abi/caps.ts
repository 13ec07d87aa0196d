// include/uapi/linux/capability.h: the capabilities System V IPC checks.
export const CAP_IPC_OWNER = 15;
export const CAP_SYS_ADMIN = 21;
export const CAP_SYS_PTRACE = 19;
export const CAP_CHECKPOINT_RESTORE = 40;
export const CAP_SETUID = 7;
export const CAP_SETGID = 6;

export const CAPABILITIES: Readonly<Record<string, number>> = {
  CAP_SETGID,
  CAP_SETUID,
  CAP_IPC_OWNER,
  CAP_SYS_PTRACE,
  CAP_SYS_ADMIN,
  CAP_CHECKPOINT_RESTORE,
};

export type CapName = keyof typeof CAPABILITIES;
