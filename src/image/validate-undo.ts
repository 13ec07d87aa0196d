// Consistency of an image's undo lists: every list is used by threads of one namespace, and its
// entries name distinct sets of that namespace with one adjustment per semaphore.
import { fail } from './image-error.js';
import { threadPath, type Context, type ThreadRef } from './validate-context.js';

/** The first holder of each undo list, after checking that all its holders share its namespace. */
function holders(ctx: Context): ThreadRef[] {
  const first: ThreadRef[] = [];
  for (const ref of ctx.threads.values()) {
    const l = ref.thread.undoList;
    if (l === null) continue;
    const f = first[l];
    if (!f) first[l] = ref;
    else if (f.thread.ns !== ref.thread.ns)
      fail(
        `${threadPath(ref)}.ns`,
        `${ref.thread.ns}, but it shares undoLists[${l}] with ${threadPath(f)} in namespaces[${f.thread.ns}] (the holders of an undo list are in one namespace)`,
      );
  }
  return first;
}

export function checkUndoLists(ctx: Context): void {
  const first = holders(ctx);
  ctx.body.undoLists.forEach((list, l) => {
    const n = first[l]!.thread.ns;
    const seen = new Map<number, number>();
    list.entries.forEach((e, i) => {
      const path = `body.undoLists[${l}].entries[${i}]`;
      const ref = ctx.sets[n]!.get(e.semid);
      if (!ref)
        fail(`${path}.semid`, `no set ${e.semid} in namespaces[${n}], the namespace of the list's holders`);
      const other = seen.get(e.semid);
      if (other !== undefined) fail(`${path}.semid`, `${e.semid} is also the set of entries[${other}]`);
      seen.set(e.semid, i);
      const nsems = ref.set.sems.length;
      if (e.semadj.length !== nsems)
        fail(`${path}.semadj`, `${e.semadj.length} adjustments, but set ${e.semid} has ${nsems} semaphores`);
    });
  });
}
