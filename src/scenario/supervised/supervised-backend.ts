// The supervised backend: the host backend's task agents run inside a `semundo run` session, so every
// call they make is served by the supervisor (and its model), as a real program's would be.
import type { BackendName } from '../backend.js';
import { HostBackend } from '../host/host-backend.js';
import { hostEnvironment } from '../host/host-environment.js';
import { HostScenario } from '../host/host-scenario.js';
import { HubSession } from './hub-session.js';

export class SupervisedBackend extends HostBackend {
  override readonly name: BackendName = 'supervised';
  private hub: HubSession | null = null;

  override async begin(): Promise<void> {
    const env = await hostEnvironment();
    this.hub = await HubSession.start(env.code.script, env.server);
    const hub = this.hub;
    this.s = new HostScenario({ ...env, pool: { take: () => hub.take(), close: () => {} } }, hub);
  }

  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      await this.hub?.close();
    }
  }
}
