// What all host runs of one runner process share: the agents' socket and the pool of fresh agents.
import { becomeChildSubreaper } from '../../host/reaping.js';
import { AgentPool } from './agent-pool.js';
import { AgentServer } from './agent-server.js';

export interface HostEnvironment {
  server: AgentServer;
  pool: AgentPool;
}

let env: Promise<HostEnvironment> | null = null;

/** Pool size: SEMUNDO_AGENT_POOL, default 4. */
function poolSize(): number {
  const n = Number(process.env.SEMUNDO_AGENT_POOL ?? 4);
  return Number.isInteger(n) && n >= 0 && n <= 64 ? n : 4;
}

export function hostEnvironment(): Promise<HostEnvironment> {
  // Task processes whose parent task died are reparented here, where they can be reaped.
  if (!env) becomeChildSubreaper();
  env ??= AgentServer.start().then((server) => ({ server, pool: new AgentPool(server, poolSize()) }));
  return env;
}

/** Kills the idle agents and removes the socket; a later host run starts a new environment. */
export async function closeHostEnvironment(): Promise<void> {
  const e = env;
  env = null;
  if (!e) return;
  const { server, pool } = await e;
  pool.close();
  server.close();
}
