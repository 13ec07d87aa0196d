// Measuring a baseline that may not be available on this machine.

/** A baseline that cannot be measured here (no gcc, no System V IPC, too many processes…). */
export class BaselineUnavailable extends Error {}

export type Measured<T> = { ok: true; value: T } | { ok: false; why: string };

function unavailable(what: string, e: unknown, log: (line: string) => void): { ok: false; why: string } {
  const why = e instanceof Error ? e.message : String(e);
  if (!(e instanceof BaselineUnavailable)) log(`  ${what}: ${why}`);
  return { ok: false, why: `${what} unavailable: ${why.split('\n')[0]}` };
}

/** Runs a measurement; a missing tool or facility becomes a reason instead of a crash. */
export function measureBaseline<T>(what: string, log: (line: string) => void, fn: () => T): Measured<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return unavailable(what, e, log);
  }
}

/** measureBaseline for a measurement that returns a promise. */
export async function measureBaselineAsync<T>(
  what: string,
  log: (line: string) => void,
  fn: () => T | Promise<T>,
): Promise<Measured<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return unavailable(what, e, log);
  }
}
