// `semundo demo`, act 4: real processes under `semundo run` — SEM_UNDO taken, one process killed, its
// undo list read from inside (/proc/<pid>/semundo) and from outside (`semundo undo`, `semundo ipcs`).
import { fileURLToPath } from 'node:url';
import { sessionSupport } from '../session/index.js';
import { relaySession, semundo } from './demo-session.js';

const PROGRAM = fileURLToPath(new URL('./demo-run-program.js', import.meta.url));

export async function runRealProcessesAct(say: (line: string) => void): Promise<void> {
  const missing = sessionSupport();
  if (missing) return say(`(skipped: ${missing})`);
  say(
    `$ semundo run -- node demo-run-program.js   (every semaphore call of it and its children is served by semundo)`,
  );
  const code = await relaySession(
    [],
    [PROGRAM],
    (pid, session) => {
      say(`from outside the session, while it runs:`);
      semundo(['undo', pid], say);
      // This session's, whatever other sessions run meanwhile.
      semundo(['ipcs', '--session', String(session), '--undo'], say);
    },
    say,
  );
  say(`semundo run exited with status ${String(code)}: the last process of the session had ended`);
}
