// The first process of a supervised scenario's session: it starts the task agents, inside the session,
// when the runner asks. Runs as `agent-hub SCRIPT SOCKET`; each line on stdin is a token, for which it
// starts `node SCRIPT --socket SOCKET --token TOKEN`; it ends when stdin does.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const [script, socket] = process.argv.slice(2);
if (!script || !socket) {
  process.stderr.write('usage: agent-hub SCRIPT SOCKET\n');
  process.exit(2);
}
const agents = new Set<ChildProcess>();
const lines = createInterface({ input: process.stdin });
lines.on('line', (token) => {
  if (!/^[0-9a-f-]+$/.test(token)) return;
  const child = spawn(process.execPath, [script, '--socket', socket, '--token', token], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  agents.add(child);
  child.on('exit', () => agents.delete(child));
});
// The runner is done: agents it did not take are killed; the session ends with the last of them.
lines.on('close', () => {
  for (const a of agents) a.kill('SIGKILL');
});
