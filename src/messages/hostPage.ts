/**
 * Texts the host page registers with WebAdmin (menu, tabs, buttons, dialog titles).
 * Kept apart from the page catalogues so the host page bundles only these few strings
 * (its startup budget is 4 KB gzip). Locale → texts; English is complete, others may be partial.
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

/** `xx-YY` → the texts for `xx` (or English), with English filling any gaps. */
export function hostPageTexts(locale: string): Record<HostPageText, string> {
  const lang = locale.slice(0, 2) as keyof typeof hostPageMessages;
  return {
    ...hostPageMessages.en,
    ...(hostPageMessages[lang] as Partial<Record<HostPageText, string>> | undefined),
  };
}
