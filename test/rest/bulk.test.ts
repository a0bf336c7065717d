/**
 * runBulk on its own, without a network: the ledger's check-and-claim, fail-closed claims, and
 * the bookkeeping of results. Fast on purpose: the mutation run (`npm run mutation`) uses it.
 */
import { describe, expect, it } from 'vitest';
import { ALREADY_SENT, createMemoryLedger, runBulk, type BulkLedger } from '../../src/rest/bulk';

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
