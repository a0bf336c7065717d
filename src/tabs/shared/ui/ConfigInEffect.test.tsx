// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../../plugin-api/config';
import type { EngineClient } from '../../../rest/client';
import { PageRoot } from '../PageRoot';
import type { PageEnvironment } from '../pageEnvironment';
import { ConfigInEffect } from './ConfigInEffect';

function renderWith(rawConfig: unknown): void {
  const { config, warnings } = readConfig(rawConfig);
  const environment: PageEnvironment = {
    kind: 'ready',
    client: {} as EngineClient,
    config,
    warnings,
    locale: 'en-US',
  };
  render(
    <PageRoot environment={environment}>
      <ConfigInEffect />
    </PageRoot>,
  );
}

afterEach(cleanup);

describe('ConfigInEffect', () => {
  it('says every value is at its default when the override changed nothing (or did not parse: {})', () => {
    renderWith({});
    expect(screen.getByText('Settings in effect: all at their defaults')).toBeTruthy();
    expect(screen.getByText(/engine ignores an override file it cannot read/)).toBeTruthy();
    const row = screen.getByText('pageSize').closest('tr');
    expect(row && within(row).getByText('50')).toBeTruthy();
    expect(row && within(row).getByText('Default')).toBeTruthy();
  });

  it('names the values an override changed, with their defaults', () => {
    renderWith({ pageSize: 100, bulkConcurrency: 5 });
    expect(screen.getByText('Settings in effect: 1 changed (pageSize)')).toBeTruthy();
    const row = screen.getByText('pageSize').closest('tr');
    expect(row && within(row).getByText('Override (default 50)')).toBeTruthy();
  });

  it('counts a value the page could not use as its default, not as changed', () => {
    renderWith({ pageSize: 5 });
    expect(screen.getByText('Settings in effect: all at their defaults')).toBeTruthy();
  });
});
