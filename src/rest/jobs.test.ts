/** jobTrack against a scripted job source and a virtual clock. */
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock';
import { ConnectionError, WaitTimeoutError } from './errors';
import { jobEnded, jobTrack, type JobSource } from './jobs';
import type { Job, JobStatus, Step } from './models';

const job = (id: string, status: JobStatus, steps?: Step[]): Job => ({
  id,
  href: `/jobs/${id}`,
  description: id,
  status,
  external: false,
  autoCleared: true,
  ...(steps ? { steps } : {}),
});

function virtualClock() {
  let now = 0;
  const waits: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
  return { clock, waits };
}

/** Each poll answers the next list (the last one repeats). */
function jobsOver(polls: Job[][]) {
  const asked: { correlationId: string; signal?: AbortSignal }[] = [];
  const stepReads: string[] = [];
  const source: JobSource = {
    jobsByCorrelationId(correlationId, options) {
      asked.push({ correlationId, ...(options?.signal ? { signal: options.signal } : {}) });
      const next = polls.length > 1 ? polls.shift() : polls[0];
      return Promise.resolve((next ?? []).map((j) => ({ ...j })));
    },
    jobSteps(id) {
      stepReads.push(id);
      return Promise.resolve([
        { id: `${id}-s`, description: 'Executing', status: 'started' } as Step,
      ]);
    },
  };
  return { source, asked, stepReads };
}

describe('jobEnded', () => {
  it('counts every status but started and unknown as ended', () => {
    expect(jobEnded(job('a', 'started'))).toBe(false);
    expect(jobEnded(job('a', 'unknown'))).toBe(false);
    for (const s of ['finished', 'failed', 'aborted'] as JobStatus[])
      expect(jobEnded(job('a', s))).toBe(true);
  });
});

describe('jobTrack', () => {
  it('polls with growing pauses until a job exists and all have ended', async () => {
    const { clock, waits } = virtualClock();
    const { source, asked } = jobsOver([
      [],
      [job('j1', 'started')],
      [job('j1', 'started'), job('j2', 'finished')],
      [job('j1', 'finished'), job('j2', 'finished')],
    ]);
    const updates: number[] = [];
    const jobs = await jobTrack(source, 'oc-1', {
      clock,
      onUpdate: (j) => updates.push(j.length),
    });
    expect(jobs.map((j) => j.status)).toEqual(['finished', 'finished']);
    expect(asked.every((a) => a.correlationId === 'oc-1')).toBe(true);
    expect(asked[0]).toEqual({ correlationId: 'oc-1' });
    expect(updates).toEqual([0, 1, 2, 2]);
    // 1 s, growing by 1.5 per poll.
    expect(waits).toEqual([1000, 1500, 2250]);
  });

  it('keeps its pauses within the given bounds', async () => {
    const { clock, waits } = virtualClock();
    const { source } = jobsOver([[], [], [], [], [job('j', 'failed')]]);
    await jobTrack(source, 'c', { clock, initialIntervalMs: 100, maxIntervalMs: 200 });
    expect(waits).toEqual([100, 150, 200, 200]);
  });

  it('reads the steps of unfinished jobs only when asked to', async () => {
    const { clock } = virtualClock();
    const plain = jobsOver([[job('j1', 'started')], [job('j1', 'finished')]]);
    await jobTrack(plain.source, 'c', { clock });
    expect(plain.stepReads).toEqual([]);

    const withSteps = jobsOver([
      [job('j1', 'started'), job('j2', 'finished'), job('j3', 'started', [])],
      [job('j1', 'finished')],
    ]);
    const seen: (Step[] | undefined)[][] = [];
    await jobTrack(withSteps.source, 'c', {
      clock,
      steps: true,
      onUpdate: (jobs) => seen.push(jobs.map((j) => j.steps)),
    });
    expect(withSteps.stepReads).toEqual(['j1']);
    expect(seen[0]?.[0]?.[0]?.description).toBe('Executing');
    expect(seen[0]?.[1]).toBeUndefined();
    expect(seen[0]?.[2]).toEqual([]);
  });

  it('times out saying whether a job was ever seen, never waiting past the deadline', async () => {
    const none = virtualClock();
    await expect(
      jobTrack(jobsOver([[]]).source, 'oc-9', { clock: none.clock, timeout: 2500 }),
    ).rejects.toThrow(new WaitTimeoutError('No job for correlation id oc-9 after 2500 ms'));
    expect(none.waits).toEqual([1000, 1500]);

    const running = virtualClock();
    const error = await jobTrack(jobsOver([[job('j', 'started')]]).source, 'oc-9', {
      clock: running.clock,
      timeout: 1200,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe('Jobs for oc-9 still running after 1200 ms');
    expect(running.waits).toEqual([1000, 200]);
  });

  it('gives up at once with a zero timeout, after one look', async () => {
    const { clock, waits } = virtualClock();
    const { source, asked } = jobsOver([[]]);
    await expect(jobTrack(source, 'c', { clock, timeout: 0 })).rejects.toThrow(WaitTimeoutError);
    expect(asked).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('passes the signal on, and an abort during a pause ends it as an abort', async () => {
    const controller = new AbortController();
    const clock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) => {
        controller.abort();
        return signal?.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
      },
    };
    const { source, asked } = jobsOver([[job('j', 'started')]]);
    const error = await jobTrack(source, 'c', { clock, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).kind).toBe('abort');
    expect((error as Error).message).toBe('Job tracking was aborted');
    expect(asked[0]?.signal).toBe(controller.signal);
  });
});
