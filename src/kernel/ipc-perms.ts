// ipc/util.c: the permission checks of every System V IPC call.
import { CAP_IPC_OWNER, CAP_SYS_ADMIN } from '../abi/index.js';
import { capable, inGroup, type Cred } from './credentials.js';

export interface IpcPermHolder {
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  mode: number;
}

// ipc/util.c: ipcperms — true when access `flag` (rwx triads, unioned) is granted
export function ipcperms(cred: Cred, perm: IpcPermHolder, flag: number): boolean {
  const requested = ((flag >> 6) | (flag >> 3) | flag) & 7;
  let granted = perm.mode;
  if (cred.euid === perm.cuid || cred.euid === perm.uid) granted >>= 6;
  else if (inGroup(cred, perm.cgid) || inGroup(cred, perm.gid)) granted >>= 3;
  return (requested & ~granted & 7) === 0 || capable(cred, CAP_IPC_OWNER);
}

// ipc/util.c: ipcctl_obtain_check — owner, creator or CAP_SYS_ADMIN may IPC_SET / IPC_RMID
export function ipcOwnerOrAdmin(cred: Cred, perm: IpcPermHolder): boolean {
  return cred.euid === perm.cuid || cred.euid === perm.uid || capable(cred, CAP_SYS_ADMIN);
}
