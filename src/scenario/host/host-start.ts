// A new task (a thread, or a process made by clone and exec, or by exec) is up once its agent says
// hello. If the process that was to run it dies first, the task will never start: that is an error at
// once, with what the process said, not a wait until the run counts as stuck.
import type { AgentLink } from './agent-link.js';
import type { HostScenario } from './host-scenario.js';

export interface StartWatch {
  /** True once the process that was to run the new task is gone. */
  died: () => boolean;
  /** What it said before it died, if anything is known (": message" or ""). */
  said: () => string;
}

/** The new task's link, once the agent that says hello with `token` (promised by `hello`) has said it. */
export async function started(
  s: HostScenario,
  label: string,
  token: string,
  hello: Promise<AgentLink>,
  watch: StartWatch,
): Promise<AgentLink> {
  let link: AgentLink | undefined;
  void hello.then((l) => (link = l));
  await s.until(() => link !== undefined || watch.died(), `task ${label} to start`);
  if (link) return link;
  s.env.server.forget(token);
  throw new Error(`host: task ${label} did not start, its process died${watch.said()}`);
}
