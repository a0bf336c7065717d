import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from './model/engine';
import { compileSearch, runSearch, SearchSyntaxError } from './model/search';
import { hostSearchSpec, vmSearchSpec } from './model/searchFields';
import type { VmRecord } from './model/types';
import { setupEngine } from './node';
import { client, items } from './testSupport';

const engine = createEngine({ clock: 'manual' });
const vms = engine.sortedVms();
const spec = vmSearchSpec(engine);
const hostName = (vm: VmRecord): string => engine.state.hosts.get(vm.hostId ?? '')?.name ?? '';
const clusterName = (vm: VmRecord): string => engine.state.clusters.get(vm.clusterId)?.name ?? '';

function search(q: string, max?: number, caseSensitive = false): string[] {
  return runSearch(vms, compileSearch(spec, q, caseSensitive), max).map((v) => v.name);
}

const names = (pred: (vm: VmRecord) => boolean): string[] => vms.filter(pred).map((v) => v.name);

afterAll(() => {
  engine.close();
});

describe('search grammar (VMs)', () => {
  const cases: [string, (vm: VmRecord) => boolean][] = [
    ['name=web-01', (v) => v.name === 'web-01'],
    ['name=WEB-01', (v) => v.name === 'web-01'],
    ['name=web*', (v) => v.name.startsWith('web')],
    ['name=*-0?', () => false],
    ['name!=web*', (v) => !v.name.startsWith('web')],
    ['status=up', (v) => v.status === 'up'],
    ['STATUS = Up', (v) => v.status === 'up'],
    ['status!=down', (v) => v.status !== 'down'],
    ['status=suspended or status=paused', (v) => v.status === 'suspended' || v.status === 'paused'],
    ['status=up and cluster=Default', (v) => v.status === 'up' && clusterName(v) === 'Default'],
    ['status=up AND host=host-01', (v) => v.status === 'up' && hostName(v) === 'host-01'],
    [
      'cluster=Default and host=host-0*',
      (v) => clusterName(v) === 'Default' && hostName(v).startsWith('host-0'),
    ],
    [
      '(name=web* or name=db*) and status=up',
      (v) => (v.name.startsWith('web') || v.name.startsWith('db')) && v.status === 'up',
    ],
    [
      'name=web* or name=db* and status=up',
      (v) => v.name.startsWith('web') || (v.name.startsWith('db') && v.status === 'up'),
    ],
    ['memory>2048', (v) => v.memory > 2048 * 1024 * 1024],
    ['memory<2048', (v) => v.memory < 2048 * 1024 * 1024],
    ['memory>=2048', (v) => v.memory >= 2048 * 1024 * 1024],
    ['memory<=1024', (v) => v.memory <= 1024 * 1024 * 1024],
    ['status=poweringup', (v) => v.status === 'powering_up'],
    ['status=waitforlaunch', (v) => v.status === 'wait_for_launch'],
    ['status=migratingfrom', (v) => v.status === 'migrating'],
    ['web', (v) => v.name.includes('web')],
    ['Vms: name=db*', (v) => v.name.startsWith('db')],
    ['name="web-01"', (v) => v.name === 'web-01'],
    [`id=${vms[3]?.id ?? ''} or id=${vms[5]?.id ?? ''}`, (v) => v === vms[3] || v === vms[5]],
  ];
  it.each(cases)('%s', (q, pred) => {
    expect(search(q)).toEqual(names(pred));
  });

  it('is case-sensitive only when asked', () => {
    expect(search('name=WEB-01', undefined, true)).toEqual([]);
    expect(search('name=web-01', undefined, true)).toEqual(['web-01']);
  });

  it('sorts with sortby asc|desc and pages with page N + max', () => {
    const all = names(() => true);
    expect(search('sortby name desc')).toEqual([...all].reverse());
    expect(search('sortby name asc page 2', 10)).toEqual(all.slice(10, 20));
    expect(search('status=up sortby memory desc', 3).length).toBe(3);
    const mem = runSearch(vms, compileSearch(spec, 'sortby memory desc'), undefined).map(
      (v) => v.memory,
    );
    expect(mem).toEqual([...mem].sort((a, b) => b - a));
    expect(search('name=web* page 1', 2)).toEqual(
      names((v) => v.name.startsWith('web')).slice(0, 2),
    );
  });

  const bad: [string, RegExp][] = [
    ['name=', /missing value/],
    ['nosuchfield=1', /invalid field 'nosuchfield'/],
    ['status=powering_up', /invalid value 'powering_up'/],
    ['status=bogus', /invalid value/],
    ['(name=web*', /missing '\)'/],
    ['name=web* and', /unexpected end of query/],
    ['name=web* )', /unexpected '\)'/],
    ['memory>lots', /invalid value 'lots'/],
    ['sortby', /missing field after 'sortby'/],
    ['sortby nosuch', /invalid sort field/],
    ['page x', /invalid page number/],
    ['name="web', /unterminated quote/],
    ['name!web', /unexpected '!'/],
    ['or name=web', /unexpected 'or'/],
  ];
  it.each(bad)('rejects %s', (q, message) => {
    expect(() => compileSearch(spec, q)).toThrow(SearchSyntaxError);
    expect(() => compileSearch(spec, q)).toThrow(message);
  });
});

describe('search grammar (hosts)', () => {
  const hosts = [...engine.state.hosts.values()].sort((a, b) => a.name.localeCompare(b.name));
  const hs = hostSearchSpec(engine);
  const run = (q: string): string[] =>
    runSearch(hosts, compileSearch(hs, q), undefined).map((h) => h.name);
  it.each([
    ['status=up', ['host-01', 'host-02', 'host-03', 'host-04']],
    ['status=maintenance', []],
    ['status=preparingformaintenance', []],
    ['cluster=Production', ['host-03', 'host-04']],
    ['memory>65536', ['host-01', 'host-02']],
    ['name=host-0* and cluster=Default sortby name desc', ['host-02', 'host-01']],
  ] as const)('%s', (q, expected) => {
    expect(run(q)).toEqual(expected);
  });

  it('matches hosts running a given VM (vms.name cross reference)', () => {
    const vm = vms.find((v) => v.status === 'up');
    expect(run(`vms.name=${vm?.name ?? ''}`)).toEqual([hostName(vm as VmRecord)]);
  });
});

describe('search over HTTP', () => {
  const setup = setupEngine({ clock: 'manual' });
  const api = client(setup);
  beforeAll(() => {
    setup.server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => {
    setup.close();
  });

  it('answers bad syntax with 400 and a fault naming the problem', async () => {
    const res = await api.get('/vms?search=status%3Dpowering_up');
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      reason: 'Operation Failed',
      detail:
        "[Syntax error in search query: invalid value 'powering_up' for field 'status' at position 7]",
    });
  });

  it('pages through the list with page N and max', async () => {
    const page1 = items(
      (await api.get('/vms?search=sortby%20name%20asc%20page%201&max=25')).json(),
      'vm',
    );
    const page3 = items(
      (await api.get('/vms?search=sortby%20name%20asc%20page%203&max=25')).json(),
      'vm',
    );
    expect(page1).toHaveLength(25);
    expect(page3).toHaveLength(10);
    expect((await api.get('/vms?search=sortby%20name%20asc%20page%204&max=25')).json()).toEqual({});
  });

  it('searches templates, clusters and events too', async () => {
    expect(
      items((await api.get('/templates?search=name%3DBlank')).json(), 'template'),
    ).toHaveLength(1);
    expect(items((await api.get('/clusters?search=name%3Dprod*')).json(), 'cluster')).toHaveLength(
      1,
    );
    expect(items((await api.get('/events?search=type%3D30')).json(), 'event')).toHaveLength(1);
    expect((await api.get('/events?search=severity%3Dfoo')).status).toBe(400);
  });
});
