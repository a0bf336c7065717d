import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../rest/models';
import { stopReasonOffered, stopReasonOptions } from './stopReason';

const clusters = [
  { id: 'c1', name: 'prod', optionalReason: true },
  { id: 'c2', name: 'lab', optionalReason: false },
] as unknown as Cluster[];

describe('stopReasonOffered', () => {
  it('offers a reason for shutdown and power off of VMs on an optional_reason cluster', () => {
    expect(stopReasonOffered('shutdown', [{ clusterId: 'c1' }], clusters)).toBe(true);
    expect(stopReasonOffered('stop', [{ clusterName: 'prod' }], clusters)).toBe(true);
    // One VM on such a cluster is enough.
    expect(stopReasonOffered('stop', [{ clusterId: 'c2' }, { clusterId: 'c1' }], clusters)).toBe(
      true,
    );
  });

  it('offers none for other actions, other clusters, or before the lists are known', () => {
    expect(stopReasonOffered('start', [{ clusterId: 'c1' }], clusters)).toBe(false);
    expect(stopReasonOffered('reboot', [{ clusterId: 'c1' }], clusters)).toBe(false);
    expect(stopReasonOffered('shutdown', [{ clusterId: 'c2' }], clusters)).toBe(false);
    expect(stopReasonOffered('shutdown', [{ clusterName: 'lab' }], clusters)).toBe(false);
    expect(stopReasonOffered('shutdown', [{}], clusters)).toBe(false);
    expect(stopReasonOffered('shutdown', undefined, clusters)).toBe(false);
    expect(stopReasonOffered('shutdown', [{ clusterId: 'c1' }], undefined)).toBe(false);
    expect(stopReasonOffered(undefined, [{ clusterId: 'c1' }], clusters)).toBe(false);
  });
});

describe('stopReasonOptions', () => {
  it('sends the trimmed reason only when offered and typed', () => {
    expect(stopReasonOptions(true, '  patching  ')).toEqual({ reason: 'patching' });
    expect(stopReasonOptions(true, '   ')).toEqual({});
    expect(stopReasonOptions(false, 'patching')).toEqual({});
  });
});
