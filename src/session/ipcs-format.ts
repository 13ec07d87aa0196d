// util-linux sys-utils/ipcs.c (2.38): the semaphore views of `ipcs -s` — default, -t, -c, -p, -l, -u and
// -i ID — byte for byte, from a session's state; plus the undo lists, which no ipcs can show.
import type { IpcsResult } from '../supervisor/control-protocol.js';
import { ctime, hexKey, left, octal } from './c-format.js';
import { groupName, userName } from './names.js';

export type IpcsView = 'default' | 'time' | 'creator' | 'pid' | 'limits' | 'summary';

const SEMVMX = 32767;
const user = (uid: number, max?: number): string =>
  left(userName(uid) ?? String(uid >>> 0), 10, userName(uid) ? max : undefined);
const group = (gid: number): string => left(groupName(gid) ?? String(gid >>> 0), 10);
const when = (t: number): string => left(t ? ctime(t) : 'Not set', 26, 24);

// ipcs.c: do_sem, between main's two printf("\n")
export function formatIpcs(r: IpcsResult, view: IpcsView): string {
  let out = '\n';
  switch (view) {
    case 'limits': {
      const [semmsl, semmns, semopm, semmni] = r.limits;
      out += '------ Semaphore Limits --------\n';
      out += `max number of arrays = ${semmni}\nmax semaphores per array = ${semmsl}\n`;
      out += `max semaphores system wide = ${semmns}\nmax ops per semop call = ${semopm}\n`;
      out += `semaphore max value = ${SEMVMX}\n`;
      return out + '\n';
    }
    case 'summary':
      out += '------ Semaphore Status --------\n';
      out += `used arrays = ${r.used.sets}\nallocated semaphores = ${r.used.sems}\n`;
      return out + '\n';
    case 'creator':
      out += '------ Semaphore Arrays Creators/Owners --------\n';
      out += ['semid', 'perms', 'cuid', 'cgid', 'uid', 'gid'].map((h) => left(h, 10)).join(' ') + '\n';
      for (const s of r.sets)
        out += `${left(s.semid, 10)} ${left(octal(s.mode & 0o777), 10)} ${user(s.cuid)} ${group(s.cgid)} ${user(s.uid)} ${group(s.gid)}\n`;
      return out + '\n';
    case 'time':
      out += '------ Semaphore Operation/Change Times --------\n';
      out += `${left('semid', 8)} ${left('owner', 10)} ${left('last-op', 26, 24)} ${left('last-changed', 26, 24)}\n`;
      for (const s of r.sets)
        out += `${left(s.semid, 8)} ${user(s.uid, 10)}  ${when(s.otime)} ${when(s.ctime)}\n`;
      return out + '\n';
    case 'pid':
      return out + '\n';
    case 'default':
      out += '------ Semaphore Arrays --------\n';
      out += ['key', 'semid', 'owner', 'perms', 'nsems'].map((h) => left(h, 10)).join(' ') + '\n';
      for (const s of r.sets)
        out += `${hexKey(s.key)} ${left(s.semid, 10)} ${user(s.uid, 10)} ${left(octal(s.mode & 0o777), 10)} ${left(s.nsems, 10)}\n`;
      return out + '\n';
  }
}

// ipcs.c: print_sem — null when there is no such set (ipcs then warns "id N not found")
export function formatIpcsId(r: IpcsResult, semid: number): string | null {
  const s = r.sets.find((x) => x.semid === semid);
  if (!s) return null;
  let out = `\nSemaphore Array semid=${semid}\n`;
  out += `uid=${s.uid >>> 0}\t gid=${s.gid >>> 0}\t cuid=${s.cuid >>> 0}\t cgid=${s.cgid >>> 0}\n`;
  out += `mode=${octal(s.mode, true)}, access_perms=${octal(s.mode & 0o777, true)}\n`;
  out += `nsems = ${s.nsems}\n`;
  out += `otime = ${when(s.otime)}\n`;
  out += `ctime = ${left(ctime(s.ctime), 26, 24)}\n`;
  out += ['semnum', 'value', 'ncount', 'zcount', 'pid'].map((h) => left(h, 10)).join(' ') + '\n';
  s.sems.forEach((e, i) => {
    out += [i, e.value, e.ncount, e.zcount, e.pid].map((v) => left(v, 10)).join(' ') + '\n';
  });
  return out + '\n';
}

/** Every process's undo list: pid, set id, nsems and the adjustments, one line per entry. */
export function formatUndoLists(r: IpcsResult): string {
  let out = '------ Semaphore Undo Lists --------\n';
  out += ['pid', 'semid', 'nsems'].map((h) => left(h, 10)).join(' ') + ' semadj\n';
  for (const { pid, text } of r.undo)
    for (const line of text.split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 2) continue;
      out += `${left(pid, 10)} ${left(f[0]!, 10)} ${left(f[1]!, 10)} ${f.slice(2).join(' ')}\n`;
    }
  return out + '\n';
}
