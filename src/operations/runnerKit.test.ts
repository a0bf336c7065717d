import { describe, expect, it } from 'vitest';
import { ActionError, ConnectionError } from '../rest/errors';
import { errorText, runPool } from './runnerKit';

describe('runPool', () => {
  it('never runs more than `concurrency` tasks at once, and runs every task once', async () => {
    let running = 0;
    let peak = 0;
    const ran: number[] = [];
    const tasks = Array.from({ length: 7 }, (_, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 1 + (i % 3)));
      ran.push(i);
      running--;
    });
    await runPool(tasks, 3, () => false);
    expect(peak).toBe(3);
    expect([...ran].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('takes no new task once aborted', async () => {
    let stop = false;
    const ran: number[] = [];
    const tasks = Array.from({ length: 5 }, (_, i) => () => {
      ran.push(i);
      if (i === 1) stop = true;
      return Promise.resolve();
    });
    await runPool(tasks, 1, () => stop);
    expect(ran).toEqual([0, 1]);
  });
});

describe('errorText', () => {
  it("gives the engine's words for a refusal, the message otherwise", () => {
    expect(
      errorText(new ActionError('start', 'Operation Failed', 'Cannot run VM.', { status: 409 })),
    ).toBe('Cannot run VM.');
    expect(errorText(new ConnectionError('The engine could not be reached', 'network'))).toBe(
      'The engine could not be reached',
    );
  });
});
