import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { client, items } from './testSupport';

const STEP = 1000;
const setup = setupEngine({ clock: 'manual', timeScale: STEP });
const { engine } = setup;
const api = client(setup);

beforeAll(() => {
  setup.server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  engine.reset();
});
afterAll(() => {
  setup.close();
});

const ids = (body: Record<string, unknown>): number[] =>
  items(body, 'event').map((e) => Number(e.id));
const downVmId = (): string => engine.sortedVms().find((v) => v.status === 'down')?.id ?? '';

describe('events', () => {
  it('lists newest first with decimal string ids equal to index', async () => {
    const events = items((await api.get('/events')).json(), 'event');
    expect(events.length).toBeGreaterThan(1);
    const list = events.map((e) => Number(e.id));
    expect(list).toEqual([...list].sort((a, b) => b - a));
    for (const e of events) {
      expect(e.id).toMatch(/^\d+$/);
      expect(e.index).toBe(e.id);
      expect(e.code).toMatch(/^\d+$/);
      expect(typeof e.time).toBe('number');
      expect(e.href).toBe(`/ovirt-engine/api/events/${String(e.id)}`);
    }
    expect(events.find((e) => e.code === '30')?.user).toMatchObject({
      name: 'admin@internal-authz',
    });
  });

  it('max=1 is the newest event; from=N is exclusive and still newest first', async () => {
    const newest = ids((await api.get('/events?max=1')).json());
    expect(newest).toHaveLength(1);
    const high = newest[0] ?? 0;
    expect((await api.get(`/events?from=${String(high)}`)).json()).toEqual({});
    await api.post(`/vms/${downVmId()}/start`);
    engine.scheduler.advance(2 * STEP);
    const after = ids((await api.get(`/events?from=${String(high)}`)).json());
    expect(after).toEqual([high + 2, high + 1]);
    expect(ids((await api.get(`/events;from=${String(high + 1)}`)).json())).toEqual([high + 2]);
  });

  it('from combined with a small max keeps only the newest (the engine drops the rest)', async () => {
    const high = ids((await api.get('/events?max=1')).json())[0] ?? 0;
    await api.post(`/vms/${downVmId()}/start`);
    engine.scheduler.advance(2 * STEP);
    expect(ids((await api.get(`/events?from=${String(high)}&max=1`)).json())).toEqual([high + 2]);
  });

  it('records one audit event per change, with vm/host refs and the correlation id', async () => {
    const high = ids((await api.get('/events?max=1')).json())[0] ?? 0;
    const vm = engine.sortedVms().find((v) => v.status === 'up' && v.affinity === 'migratable');
    await api.post(`/vms/${vm?.id ?? ''}/shutdown`, {}, { 'Correlation-Id': 'shut-1' });
    engine.scheduler.advance(2 * STEP);
    const events = items((await api.get(`/events?from=${String(high)}`)).json(), 'event');
    expect(events.map((e) => e.code)).toEqual(['61', '73']);
    for (const e of events) {
      expect(e.correlation_id).toBe('shut-1');
      expect(e.vm).toMatchObject({ id: vm?.id, name: vm?.name });
      expect(e.host).toHaveProperty('id');
    }
  });

  it('names a removed VM by id in its removal event (113), as the audit entry does', async () => {
    const high = ids((await api.get('/events?max=1')).json())[0] ?? 0;
    const id = downVmId();
    const name = engine.state.vms.get(id)?.name;
    expect((await api.del(`/vms/${id}`)).status).toBe(200);
    const events = items((await api.get(`/events?from=${String(high)}`)).json(), 'event');
    const removed = events.find((e) => e.code === '113');
    expect(removed?.vm).toMatchObject({ id });
    expect(removed?.description).toBe(`VM ${name ?? ''} was successfully removed.`);
  });

  it('searches by severity (with >) and by correlation id; rejects a bad from', async () => {
    engine.faults.set({ failMigrationsTo: ['host-02'] });
    const vm = engine
      .sortedVms()
      .find((v) => v.status === 'up' && v.hostId === engine.findHost('host-01')?.id);
    await api.post(
      `/vms/${vm?.id ?? ''}/migrate`,
      { host: { name: 'host-02' } },
      { 'Correlation-Id': 'm-9' },
    );
    engine.scheduler.advance(5 * STEP);
    const severe = items((await api.get('/events?search=severity%3Enormal')).json(), 'event');
    expect(severe.map((e) => e.severity)).toEqual(['error']);
    expect(
      items((await api.get('/events?search=correlation_id%3Dm-9')).json(), 'event'),
    ).toHaveLength(2);
    expect((await api.get('/events?from=abc')).status).toBe(400);
  });

  it('gets and dismisses a single event', async () => {
    const id = ids((await api.get('/events?max=1')).json())[0] ?? 0;
    expect((await api.get(`/events/${String(id)}`)).json()).toMatchObject({ id: String(id) });
    expect((await api.del(`/events/${String(id)}`)).json()).toEqual({ status: 'complete' });
    expect((await api.get(`/events/${String(id)}`)).status).toBe(404);
    expect((await api.get('/events/xyz')).status).toBe(404);
  });
});

describe('jobs', () => {
  it('finds the job of an action by correlation id; the job itself has no correlation_id', async () => {
    await api.post(`/vms/${downVmId()}/start`, {}, { 'Correlation-Id': 'job-1' });
    const jobs = items((await api.get('/jobs?search=correlation_id%3Djob-1')).json(), 'job');
    expect(jobs).toHaveLength(1);
    const job = jobs[0] ?? {};
    expect(job).not.toHaveProperty('correlation_id');
    expect(job).not.toHaveProperty('end_time');
    expect(job).toMatchObject({
      status: 'started',
      external: 'false',
      auto_cleared: 'true',
      owner: { id: expect.any(String) as unknown },
    });
    engine.scheduler.advance(2 * STEP);
    const done = (await api.get(`/jobs/${String(job.id)}`)).json();
    expect(done.status).toBe('finished');
    const steps = items((await api.get(`/jobs/${String(job.id)}/steps`)).json(), 'step');
    expect(steps[1]).toMatchObject({
      type: 'executing',
      number: '1',
      status: 'finished',
      progress: '100',
      job: { id: job.id },
    });
    const one = (await api.get(`/jobs/${String(job.id)}/steps/${String(steps[0]?.id)}`)).json();
    expect(one).toMatchObject({ type: 'validating', status: 'finished' });
    expect(
      items((await api.get('/jobs?search=status%3Dfinished')).json(), 'job').length,
    ).toBeGreaterThan(0);
  });
});
