// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostNic } from '../../../rest/models';
import { NicTable } from './NicTable';

afterEach(cleanup);

describe('NicTable', () => {
  it('shows IP and MAC addresses in columns of their own, and a worded status', () => {
    const nic = {
      id: 'n1',
      name: 'eth0',
      status: 'up',
      ip: { address: '10.0.0.1' },
      mac: '56:6f:29:9f:3c:27',
    } as unknown as HostNic;
    render(<NicTable nics={[nic]} networkNames={new Map()} />);
    const cells = screen.getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toContain('10.0.0.1');
    expect(cells).toContain('56:6f:29:9f:3c:27');
    expect(screen.getByRole('columnheader', { name: 'MAC address' })).toBeTruthy();
    expect(screen.getByText('Up')).toBeTruthy();
    expect(screen.queryByText('up')).toBeNull();
  });
});
