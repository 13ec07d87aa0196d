// The names a scenario may write for numbers: every integer constant of the ABI (IPC_CREAT, SEM_UNDO,
// GETVAL, CLONE_SYSVSEM, SIGUSR1, EINVAL, ...).
import * as abi from '../../abi/index.js';

const table = new Map<string, number>();
for (const [name, value] of Object.entries(abi)) {
  if (/^[A-Z][A-Z0-9_]*$/.test(name) && typeof value === 'number' && Number.isInteger(value))
    table.set(name, value);
}

export function constantValue(name: string): number | undefined {
  return table.get(name);
}

export function isCapabilityName(name: string): boolean {
  return Object.hasOwn(abi.CAPABILITIES, name);
}
