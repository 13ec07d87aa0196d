// Whether the real kernel can run scenarios here: Linux on x86_64, root, System V IPC, IPC namespaces.
import { closeSync, existsSync } from 'node:fs';

export type HostSupport = { ok: true } | { ok: false; reason: string };

let cached: Promise<HostSupport> | null = null;

/** Checked once per process; loading the C library is part of the check. */
export function hostSupport(): Promise<HostSupport> {
  cached ??= check();
  return cached;
}

async function check(): Promise<HostSupport> {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return {
      ok: false,
      reason: `the host backend needs Linux on x86_64 (this is ${process.platform}/${process.arch})`,
    };
  if (typeof process.geteuid !== 'function' || process.geteuid() !== 0)
    return { ok: false, reason: 'the host backend needs root (to make IPC namespaces and set credentials)' };
  if (!existsSync('/proc/sysvipc/sem'))
    return { ok: false, reason: 'this kernel has no System V IPC (/proc/sysvipc/sem is missing)' };
  try {
    const { createIpcNamespace } = await import('./namespaces.js');
    closeSync(createIpcNamespace());
  } catch (e) {
    return { ok: false, reason: `cannot make an IPC namespace: ${(e as Error).message}` };
  }
  return { ok: true };
}
