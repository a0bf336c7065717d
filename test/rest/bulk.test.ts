/**
 * runBulk on its own, without a network: the ledger's check-and-claim, fail-closed claims, and
 * the bookkeeping of results. Fast on purpose: the mutation run (`npm run mutation`) uses it.
 */
import { describe, expect, it } from 'vitest';
import {
  ALREADY_SENT,
  createMemoryLedger,
  isDefinitiveRejection,
  runBulk,
  type BulkLedger,
} from '../../src/rest/bulk';
import { FaultError } from '../../src/rest/errors';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('runBulk ledger', () => {
  it('two runs sharing one ledger send each item once', async () => {
    const ledger = createMemoryLedger();
    const sent: string[] = [];
    const action = (k: string) => {
      sent.push(k);
      return Promise.resolve(k);
    };
    // `skip` awaits (it re-reads the VM in the real runner): both runs are past their first
    // check when either claims.
    const skip = async () => {
      await tick();
      return undefined;
    };
    const [a, b] = await Promise.all([
      runBulk(['vm1', 'vm2'], action, { ledger, skip }),
      runBulk(['vm1', 'vm2'], action, { ledger, skip }),
    ]);
    expect(sent.sort()).toEqual(['vm1', 'vm2']);
    expect(a.counts.done + b.counts.done).toBe(2);
    expect(a.counts.skipped + b.counts.skipped).toBe(2);
    for (const r of [...a.results, ...b.results].filter((x) => x.state === 'skipped')) {
      expect(r).toMatchObject({ reason: ALREADY_SENT });
    }
  });

  it('two runs sharing one ledger without a skip check still send each item once', async () => {
    const ledger = createMemoryLedger();
    const sent: string[] = [];
    const action = (k: string) => {
      sent.push(k);
      return Promise.resolve();
    };
    await Promise.all([runBulk(['x'], action, { ledger }), runBulk(['x'], action, { ledger })]);
    expect(sent).toEqual(['x']);
  });

  it('does not send an item whose claim cannot be recorded (fail closed)', async () => {
    const sent: string[] = [];
    const full = new Error('QuotaExceededError');
    const ledger: BulkLedger = {
      has: () => false,
      add: (k) => {
        if (k === 'b') throw full;
      },
      delete: () => undefined,
    };
    const report = await runBulk(
      ['a', 'b', 'c'],
      (k) => {
        sent.push(k);
        return Promise.resolve();
      },
      { ledger, concurrency: 1 },
    );
    expect(sent).toEqual(['a', 'c']);
    expect(report.results[1]).toEqual({
      state: 'failed',
      key: 'b',
      item: 'b',
      error: full,
      sent: false,
    });
  });

  it('claims before the action leaves', async () => {
    const ledger = createMemoryLedger();
    const seenAtSend: boolean[] = [];
    await runBulk(
      ['a'],
      (k) => {
        seenAtSend.push(ledger.has(k));
        return Promise.resolve();
      },
      { ledger },
    );
    expect(seenAtSend).toEqual([true]);
  });
});

describe('runBulk details', () => {
  it('a new memory ledger is empty; one seeded with keys has them', () => {
    expect(createMemoryLedger().keys()).toEqual([]);
    const seeded = createMemoryLedger(['a']);
    expect(seeded.has('a')).toBe(true);
    void seeded.delete('a');
    expect(seeded.keys()).toEqual([]);
  });

  it('names the already-sent reason plainly', () => {
    expect(ALREADY_SENT).toBe('already-sent');
  });

  it('runs exactly `concurrency` actions at once', async () => {
    let running = 0;
    let peak = 0;
    await runBulk(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      async () => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        running--;
      },
      { concurrency: 3 },
    );
    expect(peak).toBe(3);
  });

  it('does not ask `skip` about duplicates or items the ledger already has', async () => {
    const asked: string[] = [];
    const report = await runBulk(['a', 'b', 'a'], () => Promise.resolve(), {
      ledger: createMemoryLedger(['b']),
      concurrency: 3,
      skip: (k) => {
        asked.push(k);
        return undefined;
      },
    });
    expect(asked).toEqual(['a']);
    expect(report.results.map((r) => r.state)).toEqual(['done', 'skipped', 'skipped']);
  });

  it('an item cancelled while `skip` was checking it is not sent', async () => {
    const controller = new AbortController();
    const sent: string[] = [];
    const report = await runBulk(
      ['a', 'b'],
      (k) => {
        sent.push(k);
        return Promise.resolve();
      },
      {
        signal: controller.signal,
        concurrency: 1,
        skip: () => {
          controller.abort();
          return undefined;
        },
      },
    );
    expect(sent).toEqual([]);
    expect(report.results).toEqual([
      { state: 'cancelled', key: 'a', item: 'a', sent: false },
      { state: 'cancelled', key: 'b', item: 'b', sent: false },
    ]);
  });

  it('a run cancelled before it starts checks nothing and sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let asked = 0;
    const report = await runBulk(['a', 'b'], () => Promise.resolve(), {
      signal: controller.signal,
      skip: () => {
        asked++;
        return undefined;
      },
    });
    expect(asked).toBe(0);
    expect(report.counts).toEqual({ done: 0, failed: 0, skipped: 0, cancelled: 2 });
  });

  it('needs a key option for items without a string id', async () => {
    for (const item of [5, null, { id: 5 }, { n: 1 }]) {
      await expect(runBulk([item], () => Promise.resolve())).rejects.toThrow(
        /runBulk needs a `key` option for items without a string `id`/,
      );
    }
    const byId = await runBulk([{ id: 'x' }], () => Promise.resolve(1));
    expect(byId.results[0]).toMatchObject({ key: 'x', state: 'done' });
  });

  it('only a 4xx fault (not 408) from the engine is a refusal', () => {
    const fault = (status: number) => new FaultError('x', undefined, { status });
    expect(isDefinitiveRejection(fault(400))).toBe(true);
    expect(isDefinitiveRejection(fault(499))).toBe(true);
    expect(isDefinitiveRejection(fault(399))).toBe(false);
    expect(isDefinitiveRejection(fault(500))).toBe(false);
    expect(isDefinitiveRejection(fault(408))).toBe(false);
    // Something that merely looks like a fault is not one.
    expect(isDefinitiveRejection(Object.assign(new Error('x'), { status: 409 }))).toBe(false);
  });
});
