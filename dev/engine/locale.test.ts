import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEngine } from './node';
import { client } from './testSupport';
import { localizeDetail, preferredLanguage } from './api/locale';

const setup = setupEngine({ clock: 'manual', timeScale: 1000 });
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

const upVmId = (): string => engine.sortedVms().find((v) => v.status === 'up')?.id ?? '';

describe('Accept-Language on faults', () => {
  it('answers a German fault detail to de-DE, English otherwise', async () => {
    const id = upVmId();
    const german = await api.post(`/vms/${id}/start`, {}, { 'Accept-Language': 'de-DE' });
    expect(german.status).toBe(409);
    expect(german.json()).toMatchObject({
      fault: { reason: 'Operation Failed', detail: '[Kann VM nicht ausführen. VM läuft derzeit.]' },
    });
    for (const language of [undefined, 'en-US', 'ja-JP']) {
      const res = await api.post(
        `/vms/${id}/start`,
        {},
        language ? { 'Accept-Language': language } : {},
      );
      expect(res.json()).toMatchObject({ fault: { detail: '[Cannot run VM. VM is running.]' } });
    }
  });

  it('takes the first language of the header, and leaves unknown texts in English', () => {
    expect(preferredLanguage('de-DE,en;q=0.8')).toBe('de');
    expect(preferredLanguage('de_DE')).toBe('de');
    expect(preferredLanguage(null)).toBe('');
    expect(
      localizeDetail('Cannot migrate VM: VM is locked. Please try again in a few minutes.', 'de'),
    ).toBe(
      'Kann VM nicht migrieren. VM ist gesperrt. Bitte versuchen Sie es in ein paar Minuten erneut.',
    );
    expect(localizeDetail('Something new.', 'de-DE')).toBe('Something new.');
  });
});
