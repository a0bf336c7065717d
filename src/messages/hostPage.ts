/**
 * Texts the host page registers with WebAdmin (menu, tabs, buttons, dialog titles). Kept apart
 * from the page catalogues so the host page bundles only these few strings (its startup budget
 * is 4 KB gzip). English is inline; each other locale is one small JSON file,
 * `host-page/<locale>.json` (all ten inline would not fit the budget), copied by the build next
 * to the host page script as `assets/host-page-<locale>.json` and fetched before the host page
 * reports ready. (A JSON fetch, not a dynamic import: Vite would add its ~1 KB gzip
 * module-preload helper to the host page for an `import()`.)
 */

export const hostPageMessages = {
  en: {
    mainPlace: 'Ops Center',
    vmActivity: 'Activity',
    hostLoad: 'Load & VMs',
    vmStart: 'Bulk Start',
    vmShutdown: 'Bulk Shutdown',
    vmStop: 'Bulk Power Off',
    vmReboot: 'Bulk Reboot',
    vmSuspend: 'Bulk Suspend',
    vmMigrate: 'Migrate & Track',
    vmClone: 'Safe Clone',
    hostMaintenance: 'Maintenance with Evacuation',
    hostActivate: 'Activate & Track',
    dialogVmStart: 'Start virtual machines',
    dialogVmShutdown: 'Shut down virtual machines',
    dialogVmStop: 'Power off virtual machines',
    dialogVmReboot: 'Reboot virtual machines',
    dialogVmSuspend: 'Suspend virtual machines',
    dialogVmMigrate: 'Migrate virtual machines',
    dialogVmClone: 'Safe clone',
    dialogHostMaintenance: 'Maintenance with evacuation',
    dialogHostActivate: 'Activate hosts',
  },
} as const;

export type HostPageText = keyof (typeof hostPageMessages)['en'];
export type HostPageTexts = Record<HostPageText, string>;

/** English with `translated` on top (a missing or empty text stays English). */
export function hostPageTexts(translated: Partial<HostPageTexts> = {}): HostPageTexts {
  const texts: HostPageTexts = { ...hostPageMessages.en };
  for (const key of Object.keys(texts) as HostPageText[]) {
    const text = translated[key];
    if (typeof text === 'string' && text.trim()) texts[key] = text;
  }
  return texts;
}

/**
 * WebAdmin's locale → the host page's texts; never rejects (English stands in). WebAdmin only
 * reports its own eleven locales (rule 29), so the host page needs no locale table of its own
 * (bytes): English and the pseudo-locale need no file, any other is `host-page-<locale>.json`,
 * and a locale without a file (or a failed fetch) shows English.
 */
export async function loadHostPageTexts(locale: string): Promise<HostPageTexts> {
  const tag = locale.replace('_', '-');
  if (!tag || tag.startsWith('en')) return hostPageTexts();
  try {
    const response = await fetch(
      new URL(/* @vite-ignore */ `host-page-${tag}.json`, import.meta.url),
    );
    return hostPageTexts(response.ok ? ((await response.json()) as Partial<HostPageTexts>) : {});
  } catch {
    return hostPageTexts();
  }
}
