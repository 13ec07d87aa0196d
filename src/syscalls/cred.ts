// kernel/sys.c: setresuid, setresgid, setgroups, capset — on one task, as the raw system calls do.
import { changeCred, type CredChange, type Task } from '../kernel/index.js';

export function sysSetcred(task: Task, change: CredChange): number {
  task.cred = changeCred(task.cred, change);
  return 0;
}
