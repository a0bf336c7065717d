/**
 * Cluster balance texts (issue 15 point 4): the balance view of the main place and its rebalance
 * suggestion. Page-only like hostLifecycle.ts: the lazy balance view registers them when it
 * loads (`registerEnglish`), so the main place's first load does not carry them.
 */
export const balanceMessages = {
  'balance.cluster': 'Cluster',
  'balance.loading': 'Reading the cluster’s hosts, VMs and scheduling policy…',
  'balance.noClusters': 'There are no clusters.',
  'balance.policy': 'Scheduling policy',
  'balance.properties': 'Properties',
  'balance.noProperties': 'none',
  'balance.th.cpu': 'Over-utilized above {high} % CPU',
  'balance.th.low': 'Under-utilized below {low} % CPU',
  'balance.th.memOver': 'Over-utilized with less than {mb} MB free',
  'balance.th.memUnder': 'Under-utilized with more than {mb} MB free',
  'balance.th.vmCount': 'Over-utilized above {count} running VMs (the SPM counts {grace} more)',
  'balance.th.none':
    'This policy does not balance the cluster: no host is marked, nothing is moved.',
  'balance.th.drain': 'Under-utilized hosts are emptied so they can be switched off.',
  'balance.th.reading':
    'CPU is the engine’s current reading; its own balancing looks at the load over {minutes} min (CpuOverCommitDurationMinutes).',
  'balance.col.host': 'Host',
  'balance.col.vms': 'VMs',
  'balance.col.cpu': 'CPU',
  'balance.col.memory': 'Memory',
  'balance.col.state': 'State',
  'balance.col.after': 'After the migrations',
  'balance.col.vm': 'VM',
  'balance.col.from': 'From',
  'balance.col.to': 'To',
  'balance.mark.over': 'Over-utilized',
  'balance.mark.under': 'Under-utilized',
  'balance.mark.ok': 'Within thresholds',
  'balance.mark.unbalanced': 'Not balanced',
  'balance.mark.not_up': 'Not up',
  'balance.suggest': 'Suggest rebalance',
  'balance.refresh': 'Refresh',
  'balance.nothing': 'Every host is within the thresholds: nothing to move.',
  'balance.plan.title': 'Suggested migrations',
  'balance.plan.balanced':
    '{count, plural, one {# migration brings} other {# migrations bring}} every host within the thresholds.',
  'balance.plan.partial': 'After these migrations, still outside the thresholds: {names}.',
  'balance.plan.stuck':
    '{host}: no VM can leave it without breaking a rule or overloading another host',
  'balance.plan.empty': 'No migration can bring the hosts within the thresholds.',
  'balance.plan.invalid':
    'Some migrations would be refused: change their destination or drop them.',
  'balance.plan.edited': 'Changed by you',
  'balance.plan.with': 'moves with {name}',
  'balance.plan.reset': 'Back to the suggestion',
  'balance.drop': 'Drop',
  'balance.checking': 'Checking the destinations with the engine (migration_target_of)…',
  'balance.run': 'Rebalance…',
  'balance.confirm.title': 'Migrate {count, plural, one {# VM} other {# VMs}}?',
  'balance.confirm.body':
    'These VMs are live-migrated, at most {concurrency} at a time; each migration is tracked to the end. Nothing is sent before you confirm.',
  'balance.confirm.ok': 'Migrate',
  'balance.opTitle': 'Rebalance of cluster {name}',
  'balance.progress': 'Rebalance',
  'balance.progress.done': 'Finished. Refresh to see the hosts’ load now.',
  // Clusters › Balance detail tab (issue 15 point 4, cluster-level view).
  'balance.tab.none': 'Select a cluster in the list to see its balance.',
  'balance.tab.gone': 'This cluster no longer exists.',
};
