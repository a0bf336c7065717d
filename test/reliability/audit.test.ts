import { describe, expect, it } from 'vitest';
import { auditVerdict } from '../../scripts/audit';

describe('npm audit verdict', () => {
  it('passes with only low and moderate advisories', () => {
    const out = JSON.stringify({
      metadata: { vulnerabilities: { low: 2, moderate: 1, high: 0, critical: 0 } },
    });
    expect(auditVerdict(out).kind).toBe('ok');
  });

  it('fails on a high or critical advisory', () => {
    for (const level of ['high', 'critical']) {
      const out = JSON.stringify({ metadata: { vulnerabilities: { [level]: 1 } } });
      expect(auditVerdict(out).kind).toBe('vulnerable');
    }
  });

  it('reports an unreachable advisory endpoint instead of failing', () => {
    const out = JSON.stringify({
      message:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(auditVerdict(out)).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('405') as unknown,
    });
    expect(auditVerdict('').kind).toBe('unavailable');
  });
});
