// Property 1: whatever several tasks do, every semaphore value stays in 0..32767.
import { test } from 'node:test';
import { GETVAL } from '../../src/api/index.js';
import { runKernel, runProperty } from './harness.js';
import { FULL, scenarioArb, type Snap } from './scenario.js';

function checkRange(where: string, s: Snap): void {
  for (const set of s.sets)
    set.vals.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v > 32767)
        throw new Error(`${where}: set ${set.id} sem ${i} has value ${v}, outside 0..32767`);
    });
}

test('property: semaphore values always stay in 0..32767', async () => {
  await runProperty(
    'values-in-range',
    scenarioArb(FULL),
    async (sc) => {
      await runKernel(
        sc,
        (i, c, o) => {
          checkRange(`after step ${i}`, o.after);
          if (c.k === 'get' && 'ok' in o.res && Array.isArray(o.res.ok))
            for (const v of o.res.ok as number[])
              if (v < 0 || v > 32767) throw new Error(`step ${i}: GETALL returned ${v}`);
          if (
            c.k === 'get' &&
            'ok' in o.res &&
            c.cmd === GETVAL &&
            ((o.res.ok as number) < 0 || (o.res.ok as number) > 32767)
          )
            throw new Error(`step ${i}: GETVAL returned ${String(o.res.ok)}`);
        },
        { cleanup: true },
      );
    },
    { numRuns: 400, timeLimitMs: 6000 },
  );
});
