/**
 * The migrate dialog's affinity-closure texts (issue 15 point 3). Page-only: MigratePanel
 * registers them when it loads (`registerEnglish`), so pages that never migrate do not carry them.
 */
export const migrateClosureMessages = {
  'vms.migrate.closure': 'Migrate the affinity closure too',
  'vms.migrate.closureHelp':
    'The engine then also moves, to the same host, the running VMs that enforcing positive affinity groups tie to these.',
  'vms.migrate.closureLoading': 'Reading the affinity groups…',
  'vms.migrate.closureNone':
    'No other running VM is tied to these by an enforcing positive affinity group.',
  'vms.migrate.closureList': 'The engine will also move',
  'vms.migrate.closureFollower': '{name}, with {leader} (affinity group “{group}”)',
} as const;
