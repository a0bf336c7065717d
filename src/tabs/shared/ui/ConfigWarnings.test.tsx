// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../../plugin-api/config';
import type { EngineClient } from '../../../rest/client';
import { PageRoot } from '../PageRoot';
import type { PageEnvironment } from '../pageEnvironment';
import { ConfigWarnings } from './ConfigWarnings';

function environment(rawConfig: unknown): PageEnvironment {
  const { config, warnings } = readConfig(rawConfig);
  return { kind: 'ready', client: {} as EngineClient, config, warnings, locale: 'en-US' };
}

function renderMain(rawConfig: unknown): void {
  render(
    <PageRoot environment={environment(rawConfig)}>
      <ConfigWarnings />
      <p>main place</p>
    </PageRoot>,
  );
}

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
});

describe('ConfigWarnings', () => {
  it('names every value it could not use at once, with nothing to expand', () => {
    renderMain({ bulkConcurrency: 99, colour: 'red' });
    expect(screen.getByText('Ops Center configuration problems')).toBeTruthy();
    expect(screen.getByText(/"bulkConcurrency" must be between 1 and 20, not 99/)).toBeTruthy();
    expect(screen.getByText(/"colour" is not an Ops Center setting/)).toBeTruthy();
    expect(screen.queryByRole('button', { expanded: false })).toBeNull();
  });

  it('can be dismissed, stays dismissed in this tab, and returns when the problems change', () => {
    renderMain({ colour: 'red' });
    fireEvent.click(screen.getByRole('button', { name: /Close/ }));
    expect(screen.queryByText('Ops Center configuration problems')).toBeNull();
    expect(screen.getByText('main place')).toBeTruthy();
    cleanup();
    renderMain({ colour: 'red' });
    expect(screen.queryByText('Ops Center configuration problems')).toBeNull();
    cleanup();
    renderMain({ colour: 'red', pageSize: 5 });
    expect(screen.getByText(/"pageSize" must be between 10 and 500, not 5/)).toBeTruthy();
  });

  it('shows nothing when the config is fine', () => {
    renderMain({ pageSize: 100 });
    expect(screen.queryByText('Ops Center configuration problems')).toBeNull();
  });
});
