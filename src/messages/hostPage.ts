/**
 * Texts the host page registers with WebAdmin (menu, tabs, buttons, dialog titles). Kept apart
 * from the page catalogues so the host page bundles only these few strings (its startup budget
 * is 4 KB gzip). English is inline; each other locale is one small JSON file,
 * `host-page/<locale>.json` (all ten inline would not fit the budget), written by the build next
 * to the host page script as `assets/host-page-<locale>-<hash>.json` (its texts only, in the
 * order of the English keys), fetched before the host
 * page reports ready the first time and kept in localStorage for later starts. (A JSON fetch,
 * not a dynamic import: Vite would add its ~1 KB gzip module-preload helper to the host page for
 * an `import()`.)
 */

export const hostPageMessages = {
  en: {
    mainPlace: 'Ops Center',
    vmActivity: 'Activity',
    hostLoad: 'Load & VMs',
    clusterBalance: 'Balance',
    vmStart: 'Bulk Start',
    vmShutdown: 'Bulk Shutdown',
    vmStop: 'Bulk Power Off',
    vmReboot: 'Bulk Reboot',
    vmSuspend: 'Bulk Suspend',
    vmMigrate: 'Migrate & Track',
    vmClone: 'Safe Clone',
    hostMaintenance: 'Maintenance with Evacuation',
    hostActivate: 'Activate & Track',
    hostRestart: 'Restart & Track',
    dialogVmStart: 'Start virtual machines',
    dialogVmShutdown: 'Shut down virtual machines',
    dialogVmStop: 'Power off virtual machines',
    dialogVmReboot: 'Reboot virtual machines',
    dialogVmSuspend: 'Suspend virtual machines',
    dialogVmMigrate: 'Migrate virtual machines',
    dialogVmClone: 'Safe clone',
    dialogHostMaintenance: 'Maintenance with evacuation',
    dialogHostActivate: 'Activate hosts',
    hostUpgradeCheck: 'Check for Upgrade & Track',
    hostUpgrade: 'Rolling Upgrade',
    dialogHostUpgrade: 'Upgrade hosts',
    dialogHostRestart: 'Restart hosts',
    // WebAdmin's dialog footer (issue 13 pt 10): OK runs the dialog's action, Close closes it.
    ok: 'OK',
    close: 'Close',
  },
} as const;

export type HostPageText = keyof (typeof hostPageMessages)['en'];
export type HostPageTexts = Record<HostPageText, string>;

/**
 * English with `translated` on top: a list of texts in the order of the English keys, as the
 * build writes each locale's file (keys would double its size). A missing, empty or non-string
 * text stays English; anything but a list is all English.
 */
export function hostPageTexts(translated?: unknown): HostPageTexts {
  const texts: HostPageTexts = { ...hostPageMessages.en };
  const list: unknown[] = Array.isArray(translated) ? translated : [];
  (Object.keys(texts) as HostPageText[]).forEach((key, i) => {
    const text = list[i];
    if (typeof text === 'string' && text.trim()) texts[key] = text;
  });
  return texts;
}

/** The localStorage prefix of the cached labels; the rest of the key is the labels file's URL. */
const CACHE = 'ops-center:labels:';

/** `data`'s texts if it has every one of them (each a non-empty string), else undefined. */
function complete(data: unknown): HostPageTexts | undefined {
  const texts = hostPageTexts(data);
  return Object.values(texts).every((text, i) => text === (data as unknown[] | null)?.[i])
    ? texts
    : undefined;
}

/**
 * WebAdmin's locale → the host page's texts; never rejects (English stands in). WebAdmin only
 * reports its own eleven locales (rule 29), so the host page needs no locale table of its own
 * (bytes): English and the pseudo-locale need no file, any other is
 * `host-page-<locale>-<hash>.json` (`<hash>`: of all the label files, compiled in by the build),
 * and a locale without a file (or a failed fetch) shows English.
 *
 * A complete set of labels is kept in localStorage under `ops-center:labels:<its URL>`, so only
 * the first start after an install or upgrade makes the request; a new build has a new URL, and
 * storing it drops every other `ops-center:labels:` entry. Only these labels are stored. Storage
 * refused, full or holding something else than a complete set: fetched as without a cache.
 */
export async function loadHostPageTexts(locale: string): Promise<HostPageTexts> {
  const tag = locale.replace('_', '-');
  if (!tag || tag.startsWith('en')) return hostPageTexts();
  const hash = import.meta.env.OC_LABELS_HASH as string | undefined;
  const url = new URL(
    /* @vite-ignore */ `host-page-${tag}${hash ? `-${hash}` : ''}.json`,
    import.meta.url,
  );
  const key = CACHE + url.href;
  try {
    // No entry: JSON.parse(null) is null, which is not complete.
    const cached = complete(JSON.parse(localStorage.getItem(key) as string));
    if (cached) return cached;
  } catch {
    // Storage refused or a corrupt entry: fetch.
  }
  let data: unknown;
  try {
    const response = await fetch(url);
    if (response.ok) data = await response.json();
  } catch {
    // Offline or not JSON: English.
  }
  const texts = complete(data);
  if (!texts) return hostPageTexts(data);
  try {
    for (const other of Object.keys(localStorage))
      if (other.startsWith(CACHE)) localStorage.removeItem(other);
    localStorage.setItem(key, JSON.stringify(Object.values(texts)));
  } catch {
    // Not stored: the next start fetches again.
  }
  return texts;
}
