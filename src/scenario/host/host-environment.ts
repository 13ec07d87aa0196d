// What all host runs of one runner process share: the agents' code and socket, and the pool of fresh
// agents.
import { becomeChildSubreaper } from '../../host/reaping.js';
import { stageAgentCode, type AgentCode } from './agent-code.js';
import { AgentPool } from './agent-pool.js';
import type { AgentHandle } from './agent-process.js';
import { AgentServer } from './agent-server.js';

/** Where fresh task agents come from. */
export interface AgentSource {
  take(): Promise<AgentHandle>;
}

export interface HostEnvironment {
  code: AgentCode;
  server: AgentServer;
  pool: AgentSource & { close(): void };
}

let env: Promise<HostEnvironment> | null = null;

/** Pool size: SEMUNDO_AGENT_POOL, default 4. */
function poolSize(): number {
  const n = Number(process.env.SEMUNDO_AGENT_POOL ?? 4);
  return Number.isInteger(n) && n >= 0 && n <= 64 ? n : 4;
}

async function start(): Promise<HostEnvironment> {
  const code = stageAgentCode();
  try {
    const server = await AgentServer.start();
    return { code, server, pool: new AgentPool(server, code.script, poolSize()) };
  } catch (e) {
    code.remove();
    throw e;
  }
}

export function hostEnvironment(): Promise<HostEnvironment> {
  // Task processes whose parent task died are reparented here, where they can be reaped.
  if (!env) becomeChildSubreaper();
  env ??= start();
  return env;
}

/** Kills the idle agents, removes the socket and the code; a later host run starts a new environment. */
export async function closeHostEnvironment(): Promise<void> {
  const e = env;
  env = null;
  if (!e) return;
  const { code, server, pool } = await e;
  pool.close();
  server.close();
  code.remove();
}
