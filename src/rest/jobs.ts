/**
 * Following what the engine did for one Correlation-Id: every action we send carries one, the
 * engine stores it on the job (searchable, not in the job JSON) and on the audit events.
 */
import { growingInterval, systemClock } from './clock';
import type { Clock } from './clock';
import { ConnectionError, WaitTimeoutError } from './errors';
import type { Job, Step } from './models';
import type { CallOptions } from './transport';

export interface JobSource {
  jobsByCorrelationId(correlationId: string, options?: CallOptions): Promise<Job[]>;
  jobSteps(id: string, options?: CallOptions): Promise<Step[]>;
}

export interface JobTrackOptions {
  /** Default 10 minutes. */
  timeout?: number;
  signal?: AbortSignal;
  /** Also fetch each unfinished job's steps on every poll (progress display). */
  steps?: boolean;
  /** Called after every poll with the jobs seen so far. */
  onUpdate?: (jobs: Job[]) => void;
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  clock?: Clock;
}

export function jobEnded(job: Job): boolean {
  return job.status !== 'started' && job.status !== 'unknown';
}

/** Polls the jobs of `correlationId` until at least one exists and all have ended. */
export async function jobTrack(
  source: JobSource,
  correlationId: string,
  options: JobTrackOptions = {},
): Promise<Job[]> {
  const clock = options.clock ?? systemClock;
  const timeout = options.timeout ?? 600_000;
  const deadline = clock.now() + timeout;
  const call: CallOptions = options.signal ? { signal: options.signal } : {};
  for (let poll = 0; ; poll++) {
    const jobs = await source.jobsByCorrelationId(correlationId, call);
    if (options.steps === true) {
      for (const job of jobs) {
        if (job.steps === undefined && !jobEnded(job))
          job.steps = await source.jobSteps(job.id, call);
      }
    }
    options.onUpdate?.(jobs);
    if (jobs.length > 0 && jobs.every(jobEnded)) return jobs;
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        jobs.length === 0
          ? `No job for correlation id ${correlationId} after ${timeout} ms`
          : `Jobs for ${correlationId} still running after ${timeout} ms`,
      );
    }
    const interval = growingInterval(poll, {
      initialMs: options.initialIntervalMs ?? 1000,
      maxMs: options.maxIntervalMs ?? 10_000,
    });
    try {
      await clock.sleep(Math.min(interval, remaining), options.signal);
    } catch (error) {
      throw new ConnectionError('Job tracking was aborted', 'abort', { cause: error });
    }
  }
}
