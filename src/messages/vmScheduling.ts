/**
 * The VM Activity tab's scheduling section (issue 15 point 5): affinity groups, labels, pinned
 * hosts. Page-only: the lazily loaded section registers them (`registerEnglish`) when it loads.
 */
export const vmSchedulingMessages = {
  'vms.activity.sched.title': 'Scheduling',
  'vms.activity.sched.loading': 'Reading affinity groups, labels and pinned hosts…',
  'vms.activity.sched.groups': 'Affinity groups',
  'vms.activity.sched.noGroups': 'This VM is in no affinity group.',
  'vms.activity.sched.vmRule': 'VM affinity: {polarity}, {enforcing}',
  'vms.activity.sched.hostRule': 'Host affinity: {polarity}, {enforcing}',
  'vms.activity.sched.positive': 'positive',
  'vms.activity.sched.negative': 'negative',
  'vms.activity.sched.enforcing': 'enforcing',
  'vms.activity.sched.soft': 'not enforcing',
  'vms.activity.sched.others': 'Other VMs: {names}',
  'vms.activity.sched.hosts': 'Hosts: {names}',
  'vms.activity.sched.nobody': 'none',
  'vms.activity.sched.labels': 'Affinity labels',
  'vms.activity.sched.noLabels': 'This VM carries no affinity label.',
  'vms.activity.sched.pinned': 'Pinned to hosts',
  'vms.activity.sched.anyHost': 'Any host in the cluster',
  'vms.activity.sched.mode': 'Migration mode',
  'vms.activity.sched.mode.migratable': 'Allow manual and automatic migration',
  'vms.activity.sched.mode.user_migratable': 'Allow manual migration only',
  'vms.activity.sched.mode.pinned': 'Do not allow migration',
} as const;
