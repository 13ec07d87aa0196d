// Restore through system calls, the sets: for each namespace a root restorer task in it, then each set
// recreated with its id (sem_next_id, then semget with IPC_CREAT|IPC_EXCL by a child holding the
// creator's ids, so cuid and cgid come back), its values (SETALL) and its owner and mode (IPC_SET);
// then the namespace's limits and pending sem_next_id.
import { IPC_CREAT, IPC_EXCL, IPC_SET, SETALL } from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import { sysClone, sysExitGroup, sysSemctl, sysSemget, sysSetcred } from '../syscalls/index.js';
import type { ImageBody, NamespaceImage } from './image-types.js';
import { procWrite } from './proc-write.js';
import { ImageError } from './image-error.js';
import { must } from './restore-fail.js';

/** A child of the restorer with the credentials of a set's creator, made once per (cuid, cgid). */
class Creators {
  private readonly byIds = new Map<string, Task>();
  constructor(
    private readonly k: KernelState,
    private readonly r: Task,
  ) {}

  of(cuid: number, cgid: number, path: string): Task {
    const key = `${cuid}:${cgid}`;
    let t = this.byIds.get(key);
    if (!t) {
      t = must(sysClone(this.k, this.r, { thread: false, sysvsem: false }), path, 'clone');
      must(
        sysSetcred(t, { uid: cuid, gid: cgid, groups: [] }),
        path,
        `taking the creator's ids ${cuid}/${cgid}`,
      );
      this.byIds.set(key, t);
    }
    return t;
  }

  exit(): void {
    for (const t of this.byIds.values()) sysExitGroup(this.k, t);
  }
}

function restoreSets(k: KernelState, r: Task, img: NamespaceImage, path: string): void {
  const creators = new Creators(k, r);
  img.sets.forEach((s, i) => {
    const at = `${path}.sets[${i}]`;
    must(procWrite(k, r, '/proc/sys/kernel/sem_next_id', String(s.id)), at, 'writing sem_next_id');
    const creator = creators.of(s.cuid, s.cgid, at);
    const id = must(sysSemget(k, creator, s.key, s.sems.length, IPC_CREAT | IPC_EXCL | s.mode), at, 'semget');
    if (id !== s.id) throw new ImageError(at, `semget gave id ${id}, not ${s.id}`);
    must(
      sysSemctl(
        k,
        r,
        id,
        0,
        SETALL,
        s.sems.map((x) => x.val),
      ),
      at,
      'SETALL',
    );
    must(sysSemctl(k, r, id, 0, IPC_SET, { uid: s.uid, gid: s.gid, mode: s.mode }), at, 'IPC_SET');
  });
  creators.exit();
  const { semmsl, semmns, semopm, semmni } = img.limits;
  must(
    procWrite(k, r, '/proc/sys/kernel/sem', `${semmsl} ${semmns} ${semopm} ${semmni}\n`),
    path,
    'writing sem',
  );
  if (img.semNextId >= 0)
    must(procWrite(k, r, '/proc/sys/kernel/sem_next_id', String(img.semNextId)), path, 'writing sem_next_id');
}

/** The restorer of each namespace of the image: the machine's init for the first, a child in a new one for the others. */
export function restoreSetsThroughSyscalls(k: KernelState, body: ImageBody): Task[] {
  return body.namespaces.map((img, i) => {
    const path = `body.namespaces[${i}]`;
    const r =
      i === 0
        ? k.init
        : must(
            sysClone(k, k.init, { thread: false, sysvsem: false, newipc: true }),
            path,
            'clone(CLONE_NEWIPC)',
          );
    restoreSets(k, r, img, path);
    return r;
  });
}
