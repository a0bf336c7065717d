/**
 * Host texts that only some pages show: the rolling upgrade, restart and drift pages, the
 * evacuation plan's scheduling blockers (maintenance and upgrade), and the runner page (issues
 * 15, 16). Kept out of the English catalogue every page carries: the modules that show
 * them register them (`registerEnglish`) when they load, so the main place does not pay for
 * them. Their keys are message keys like any other (typed, translated in every locale file).
 */
export const hostLifecycleMessages = {
  'hosts.evac.rule.vm_positive':
    'affinity group “{group}” (positive, enforcing) keeps {name} with {others}',
  'hosts.evac.rule.vm_negative':
    'affinity group “{group}” (negative, enforcing) keeps {name} away from {others}; no other host is left',
  'hosts.evac.rule.vm_host_positive':
    'affinity group “{group}” (VM to host, positive, enforcing): its hosts cannot take {name}',
  'hosts.evac.rule.vm_host_negative':
    'affinity group “{group}” (VM to host, negative, enforcing) keeps {name} off the hosts left',
  'hosts.evac.rule.vm_cap': 'every possible host runs {cap} VMs, the most policy {policy} allows',
  'hosts.evac.rule.affinity_conflict':
    'affinity group “{group}” (negative, enforcing) keeps apart {others}, whom positive affinity binds',
  'hosts.evac.rule.engine': 'the engine does not accept {host} as its destination',
  'hosts.evac.rule.he_spares':
    'the hosts with room for it must stay free for the hosted-engine VM: the policy keeps {spares, plural, one {# spare host} other {# spare hosts}} (HeSparesCount)',
  'hosts.evac.together': '{text}; moves with {names} (group “{group}”)',
  'hosts.upgrade.noIds': 'No hosts were selected.',
  'hosts.upgrade.loading': 'Reading the hosts and the VMs they run…',
  'hosts.upgrade.col.version': 'VDSM',
  'hosts.upgrade.col.updates': 'Updates',
  'hosts.upgrade.col.plan': 'Plan',
  'hosts.upgrade.col.step': 'Step',
  'hosts.upgrade.updates.yes': 'Available',
  'hosts.upgrade.updates.no': 'None known',
  'hosts.upgrade.plan.moves':
    '{count, plural, one {# VM moves} other {# VMs move}} to {targets}, then maintenance, upgrade, activate',
  'hosts.upgrade.plan.empty': 'No VMs to move: maintenance, upgrade, activate',
  'hosts.upgrade.plan.maintenance': 'Already in maintenance: upgraded and left in maintenance',
  'hosts.upgrade.plan.note':
    'Checked again just before the host starts, against the cluster as it is then.',
  'hosts.upgrade.willUpgrade':
    'Will be upgraded in this order, {concurrency, plural, one {one host at a time} other {# hosts at a time}}: {count, plural, one {# host} other {# hosts}}',
  'hosts.upgrade.stopRule':
    'The run stops at the first host that fails and leaves the cluster as it is then; the hosts after it are not touched.',
  'hosts.upgrade.clusterMode':
    'The engine supports the cluster upgrade mode: it is set for the run and cleared at the end, also when the run stops.',
  'hosts.upgrade.nothing':
    'None of these hosts has updates the engine knows of. Check for upgrade first.',
  'hosts.upgrade.skip': '{name}: {reason}',
  'hosts.upgrade.wholeCluster': 'Every host of cluster {name} with updates',
  'hosts.upgrade.run': 'Upgrade {count, plural, one {# host} other {# hosts}}',
  'hosts.upgrade.cancelRest': 'Cancel the hosts not started ({count})',
  'hosts.upgrade.summary': 'Done: {done} upgraded, {failed} failed, {skipped} not started.',
  'hosts.upgrade.check.run': 'Check {count, plural, one {# host} other {# hosts}}',
  'hosts.upgrade.check.checking': 'Checking…',
  'hosts.upgrade.check.found': 'Updates available',
  'hosts.upgrade.check.none': 'No updates',
  'hosts.upgrade.check.failed': 'Check failed: {reason}',
  'hosts.upgrade.check.upgradeNow': 'Upgrade the hosts with updates…',
  'hosts.upgrade.target': 'Upgraded',
  'hosts.upgrade.opTitle': 'Rolling upgrade of {names}',
  'hosts.upgrade.step.cluster.start': 'Set cluster {name} to upgrade mode',
  'hosts.upgrade.step.cluster.finish': 'Clear the upgrade mode of cluster {name}',
  'hosts.upgrade.step.plan': '{name}: check that the cluster can hold its VMs',
  'hosts.upgrade.step.evacuate': '{name}: migrate its VMs away, maintenance',
  'hosts.upgrade.step.upgrade': '{name}: upgrade (the engine reboots the host)',
  'hosts.upgrade.step.activate': '{name}: activate',
  'hosts.upgrade.notStarted': 'not started: cancelled',
  'hosts.upgrade.stoppedAt': 'not started: the upgrade stopped at {name}',
  'hosts.upgrade.noStorage':
    'The browser refused to store the operation record, so nothing more is sent.',
  'hosts.upgrade.lostMeta':
    'The record of this upgrade is incomplete in this browser; nothing more is sent. Check the host in WebAdmin.',
  'hosts.upgrade.childGone': 'the step record is gone; check the host in WebAdmin',
  'hosts.upgrade.clusterRefused': 'The engine refused the cluster upgrade mode: {error}',
  'hosts.upgrade.badStatus': 'cannot be upgraded while {status}',
  'hosts.upgrade.noUpdates': 'the engine knows of no updates for this host',
  'hosts.upgrade.planning': 'Checking that the cluster can hold its VMs',
  'hosts.upgrade.cannotEvacuate': 'the rest of the cluster cannot hold its VMs: {reasons}',
  'hosts.upgrade.planInvalid': 'the plan is not valid',
  'hosts.upgrade.evacuating': 'Migrating its VMs away, then maintenance',
  'hosts.upgrade.evacuationFailed': 'evacuation stopped ({reason}); the host is {status}',
  'hosts.upgrade.notInMaintenance': 'not in maintenance (now {status})',
  'hosts.upgrade.sending': 'Upgrade sent',
  'hosts.upgrade.installFailed': '{status}: {reason}',
  'hosts.upgrade.upgrading': 'Upgrading ({status})',
  'hosts.upgrade.timeout': 'not back within {seconds} s (now {status})',
  'hosts.upgrade.done': '{status}, {version}',
  'hosts.upgrade.activating': 'Activating',
  'hosts.upgrade.activationFailed': 'activation failed ({reason})',
  'hosts.restart.willSend': 'Will be restarted: {count, plural, one {# host} other {# hosts}}',
  'hosts.restart.vmsWarning':
    '{name} runs {count, plural, one {# VM} other {# VMs}}: the restart powers {count, plural, one {it} other {them}} off. Move {count, plural, one {it} other {them}} away first (Maintenance).',
  'hosts.restart.run': 'Restart {count, plural, one {# host} other {# hosts}}',
  'hosts.restart.nothingToDo': 'None of the selected hosts can be restarted from here.',
  'hosts.restart.manual.action': 'Confirm host has been rebooted',
  'hosts.restart.manual.warning':
    'Confirm only when {name} was really rebooted or powered off. The engine then marks its VMs down and may start highly available VMs elsewhere: if they still run on {name}, their disks can be corrupted.',
  'hosts.restart.manual.ack': 'I have checked that {name} has been rebooted or is powered off',
  'hosts.restart.manual.confirm': 'Confirm',
  'hosts.restart.manual.done': 'The engine recorded that {name} has been rebooted.',
  'hosts.drift.title': 'Differences between the hosts of {cluster}',
  'hosts.drift.same': 'The {count} hosts of {cluster} run the same versions and hooks.',
  'hosts.drift.found':
    '{count, plural, one {# difference} other {# differences}} between the hosts of {cluster}',
  'hosts.drift.item': 'Item',
  'hosts.drift.hook': 'Hook {event}/{name}',
  'hosts.drift.missing': 'missing',
  'hosts.drift.differs': 'differs',
  'hosts.drift.kernelNote':
    'The engine reports no kernel version: the kernel command line is compared instead.',
  'hosts.drift.cluster': 'Cluster',
  'hosts.drift.close': 'Close',
  // Rolling upgrade: the reboot choice and a cluster already in upgrade mode (issue 16, u16).
  'hosts.upgrade.reboot': 'Reboot host after upgrade',
  'hosts.upgrade.reboot.on':
    'The engine reboots each host once its packages are installed, so a new kernel takes effect.',
  'hosts.upgrade.reboot.off':
    'The hosts are not rebooted: the packages are installed and VDSM restarted, but a new kernel only takes effect at the next reboot. The engine does not track that a reboot is still due.',
  'hosts.upgrade.reboot.node': 'oVirt Node hosts are rebooted anyway: {names}.',
  'hosts.upgrade.step.upgradeNoReboot': '{name}: upgrade, without reboot',
  'hosts.upgrade.clusterBusy':
    'Cluster {name} is already in upgrade mode, set by another run or tool (correlation id {id}); nothing was upgraded. The engine: {error}',
} as const;
