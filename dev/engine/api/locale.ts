/**
 * `Accept-Language` for fault texts, like the engine: BaseBackendResource takes the first
 * acceptable language and translates the backend's message (AppErrors_<locale>.properties).
 * The simulated engine knows German for its common "Cannot <verb> <type>. <reason>" faults;
 * any other language, or a text it has no German for, stays English (as the engine does for
 * a missing translation). Events are not touched: a real engine renders an event's text once,
 * when it logs it, in its own locale, and serves that stored text to every client.
 */
const GERMAN_VERBS: Record<string, string> = {
  run: 'ausführen',
  shutdown: 'herunterfahren',
  stop: 'stoppen',
  reboot: 'neu starten',
  hibernate: 'in den Ruhezustand versetzen',
  suspend: 'in den Ruhezustand versetzen',
  migrate: 'migrieren',
  'cancel migration for': 'Migration abbrechen für',
  activate: 'aktivieren',
  deactivate: 'in Wartung versetzen',
  remove: 'entfernen',
  clone: 'klonen',
  update: 'aktualisieren',
  add: 'hinzufügen',
};

const GERMAN_REASONS: [RegExp, string][] = [
  [/^VM is running\.$/, 'VM läuft derzeit.'],
  [/^VM is not running\.$/, 'VM läuft derzeit nicht.'],
  [/^VM is not found\.$/, 'VM nicht gefunden.'],
  [/^VM is pinned to Host\.$/, 'VM ist an Host angepinnt.'],
  [
    /^VM is locked\. Please try again in a few minutes\.$/,
    'VM ist gesperrt. Bitte versuchen Sie es in ein paar Minuten erneut.',
  ],
  [/^Host in Up status\.$/, 'Host ist im Status In Betrieb.'],
  [/^Internal Engine Error\.$/, 'Interner Engine-Fehler.'],
];

/** The first language of an `Accept-Language` header (`de-DE,de;q=0.9` → `de`). */
export function preferredLanguage(header: string | null): string {
  return (header ?? '').split(',')[0]?.split(';')[0]?.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
}

function german(text: string): string {
  // "Cannot run VM. VM is running." / "Cannot run VM: VM is locked. …" / "… because the VM is in X status."
  const m = /^(\[?)Cannot (.+?) (VM|Host)[.:] (.+?)(\]?)$/.exec(text);
  if (m) {
    const [, open = '', verb = '', type = '', reason = '', close = ''] = m;
    const verbDe = GERMAN_VERBS[verb];
    const reasonDe = GERMAN_REASONS.find(([re]) => re.test(reason))?.[1];
    if (verbDe && reasonDe) return `${open}Kann ${type} nicht ${verbDe}. ${reasonDe}${close}`;
  }
  const status = /^(\[?)Cannot (.+?) (VM|Host) because the VM is in (.+) status\.(\]?)$/.exec(text);
  if (status) {
    const [, open = '', verb = '', type = '', vmStatus = '', close = ''] = status;
    const verbDe = GERMAN_VERBS[verb];
    if (verbDe)
      return `${open}Kann ${type} nicht ${verbDe}, da die VM sich im ${vmStatus} Status befindet.${close}`;
  }
  return text;
}

/** A fault `detail` in the request's language (or unchanged). */
export function localizeDetail(detail: string, acceptLanguage: string | null): string {
  return preferredLanguage(acceptLanguage) === 'de' ? german(detail) : detail;
}

/** Rewrites `detail` of a fault body (top-level or an action's nested `fault`). */
export function localizeFaultBody(body: string, acceptLanguage: string | null): string {
  if (preferredLanguage(acceptLanguage) !== 'de' || !body.includes('"detail"')) return body;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const fault = (json.fault ?? json) as Record<string, unknown>;
    if (typeof fault.detail !== 'string') return body;
    fault.detail = localizeDetail(fault.detail, acceptLanguage);
    return JSON.stringify(json, null, 2);
  } catch {
    return body;
  }
}
