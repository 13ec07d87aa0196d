// `semundo ps`: a session, then a line per process the model knows.
import type { PsResult } from '../supervisor/control-protocol.js';
import { left } from './c-format.js';

export function formatPs(r: PsResult): string {
  const s = r.session;
  let out = `session ${s.pid} (uid ${s.owner}, since ${new Date(s.startedAt).toISOString()}): ${s.command.join(' ')}\n`;
  const restarts = s.restarts === 1 ? '1 restart' : `${s.restarts} restarts`;
  out += `  keeper ${s.keeper}, server ${s.server} (${restarts})\n`;
  out +=
    '  ' +
    ['PID', 'PPID', 'UID', 'THREADS', 'ASLEEP', 'UNDO', 'IPCNS']
      .map((h) => left(h, 8))
      .join(' ')
      .trimEnd() +
    '\n';
  for (const p of r.processes) {
    const asleep = p.threads.filter((t) => t.sleeping).length;
    out +=
      '  ' +
      [p.pid, p.ppid, p.uid, p.threads.length, asleep, p.undoEntries, p.ipcNs]
        .map((v) => left(v, 8))
        .join(' ')
        .trimEnd() +
      '\n';
  }
  return out;
}
