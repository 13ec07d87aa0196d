// The consistency checks of an image body whose shape is right: what no real machine can hold.
import { fail } from './image-error.js';
import type { ImageBody } from './image-types.js';
import { checkCalls } from './validate-calls.js';
import type { Context } from './validate-context.js';
import { checkNamespaces } from './validate-namespaces.js';
import { checkProcesses } from './validate-processes.js';
import { checkUndoLists } from './validate-undo.js';

/** The session's process map names the saved processes, in their order. */
function checkSession(body: ImageBody): void {
  if (body.source === 'host') fail('body.session', 'a host image comes from no session');
  const map = body.session!.processes;
  if (map.length !== body.processes.length)
    fail('body.session.processes', `${map.length} processes, not ${body.processes.length} as body.processes`);
  map.forEach((p, i) => {
    const want = body.processes[i]!.pid;
    if (p.pid !== want)
      fail(`body.session.processes[${i}].pid`, `${p.pid}, not ${want} as body.processes[${i}]`);
  });
}

/** Throws an ImageError naming the first inconsistency, in the order docs/image-format.md lists. */
export function checkConsistency(body: ImageBody): void {
  if (body.source === 'host') {
    if (body.processes.length > 0) fail('body.processes', 'a host image holds no processes');
    if (body.undoLists.length > 0) fail('body.undoLists', 'a host image holds no undo lists');
  }
  if (body.session) checkSession(body);
  const sets = checkNamespaces(body.namespaces);
  const threads = checkProcesses(body);
  const ctx: Context = { body, sets, threads };
  checkUndoLists(ctx);
  checkCalls(ctx);
}
