// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlaceTabs } from './PlaceTabs';

afterEach(() => {
  cleanup();
});

const TABS = [
  { key: 'vms', id: 'oc-main-tab-vms', title: 'Virtual Machines' },
  { key: 'hosts', id: 'oc-main-tab-hosts', title: 'Hosts' },
] as const;

describe('PlaceTabs: PatternFly tabs markup without PatternFly Tabs (issue 14)', () => {
  it('is a named tablist whose current tab controls the one panel shown', () => {
    const onSelect = vi.fn();
    render(
      <PlaceTabs label="Ops Center" tabs={TABS} active="hosts" onSelect={onSelect}>
        <p>hosts content</p>
      </PlaceTabs>,
    );
    const list = screen.getByRole('tablist');
    expect(list.closest('[aria-label="Ops Center"]')?.className).toContain('pf-v6-c-tabs');
    const [vms, hosts] = screen.getAllByRole('tab');
    expect(vms?.getAttribute('aria-selected')).toBe('false');
    expect(vms?.hasAttribute('aria-controls')).toBe(false);
    expect(hosts?.getAttribute('aria-selected')).toBe('true');
    expect(hosts?.id).toBe('pf-tab-hosts-oc-main-tab-hosts');
    expect(hosts?.closest('li')?.className).toBe('pf-v6-c-tabs__item pf-m-current');
    const panel = screen.getByRole('tabpanel', { name: 'Hosts' });
    expect(panel.id).toBe('pf-tab-section-hosts-oc-main-tab-hosts');
    expect(hosts?.getAttribute('aria-controls')).toBe(panel.id);
    expect(panel.textContent).toBe('hosts content');
    expect(screen.getAllByRole('tabpanel')).toHaveLength(1);

    fireEvent.click(screen.getByRole('tab', { name: 'Virtual Machines' }));
    expect(onSelect).toHaveBeenCalledWith('vms');
  });
});
