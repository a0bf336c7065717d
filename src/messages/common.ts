/**
 * Texts every page uses (owned by BUNDLE). Placeholders are `{name}`; values are plain text,
 * never HTML. English is the reference locale; see catalogue.ts for how others plug in.
 */
export const commonMessages = {
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.close': 'Close',
  'common.cancel': 'Cancel',
  'common.unknown': 'Unknown',
  'common.notAvailable': 'n/a',

  'common.outsideWebAdmin.title': 'Open Ops Center from the Administration Portal',
  'common.outsideWebAdmin.body':
    'This page is part of the Ops Center plugin and needs the oVirt Administration Portal around it to reach the engine.',
  'common.ids.invalidTitle': 'Not an engine id',
  'common.ids.invalidBody':
    'This page was opened with values that are not engine ids ({ids}). Ops Center read nothing and sent nothing. Open it again from the Administration Portal.',
  'common.noCredential.title': 'Not signed in to the engine',
  'common.noCredential.body':
    'The Administration Portal did not provide a session for the REST API. Reload the portal and sign in again.',

  'common.error.title': 'Something went wrong',
  'common.error.body': 'This view failed: {message}',
  'common.error.connection': 'The engine could not be reached. Check the connection and try again.',
  'common.error.auth':
    'Your session with the engine has ended. Reload the Administration Portal to sign in again.',
  'common.error.notFound': 'It no longer exists on the engine.',
  'common.error.fault': 'The engine refused: {detail}',
  'common.error.parse': 'The engine answered with something Ops Center does not understand.',

  'common.pager.range': '{first}–{last} of {total}',
  'common.pager.rangeMany': '{first}–{last} of many',
  'common.pager.perPage': 'Rows per page',
  'common.pager.perPageSuffix': 'per page',
  'common.pager.label': 'Pages of results',
  'common.live.live': 'Live',
  'common.live.paused': 'Paused while hidden',
  'common.live.stale': 'Stale: no answer from the engine',
  'common.live.lastUpdated': 'Last updated {time}',
  'common.live.staleSince': 'Stale: nothing new from the engine since {time}',

  'common.noSelection.title': 'Nothing selected',
  'common.noSelection.vm': 'Select a virtual machine in the list to see its activity.',
  'common.noSelection.host': 'Select a host in the list to see its load and virtual machines.',
  'common.noSelection.dialog':
    'This dialog was opened without a selection. Close it and select items first.',

  'common.entity.name': 'Name',
  'common.entity.status': 'Status',
  'common.entity.id': 'ID',
  'common.entity.cluster': 'Cluster',
  'common.entity.host': 'Host',
  'common.entity.selected': '{count} selected',

  'common.config.title': 'Ops Center configuration problems',
  'common.config.intro':
    'Some values in ops-center-config.json were not used; the defaults apply instead:',
  'common.config.notAnObject': 'The configuration is not a JSON object; all defaults are used.',
  'common.config.unknownKey': '"{key}" is not an Ops Center setting (ignored).',
  'common.config.notABoolean': '"{key}" must be true or false, not {value} (using {used}).',
  'common.config.notAnInteger': '"{key}" must be a whole number, not {value} (using {used}).',
  'common.config.outOfRange':
    '"{key}" must be between {min} and {max}, not {value} (using {used}).',
  'common.config.effect.defaults': 'Settings in effect: all at their defaults',
  'common.config.effect.changed':
    'Settings in effect: {count, plural, one {# changed} other {# changed}} ({keys})',
  'common.config.effect.help':
    'Each value comes from the plugin descriptor, with /etc/ovirt-engine/ui-plugins/ops-center-config.json over it. The engine ignores an override file it cannot read as a whole, and only its own log (engine.log) says so: if a value you set shows its default here, check that file.',
  'common.config.effect.key': 'Setting',
  'common.config.effect.value': 'Value',
  'common.config.effect.source': 'Source',
  'common.config.effect.isDefault': 'Default',
  'common.config.effect.isChanged': 'Override (default {value})',

  'common.main.title': 'Ops Center',
  'common.main.vms': 'Virtual Machines',
  'common.main.hosts': 'Hosts',
  'common.main.balance': 'Cluster balance',
  'common.main.copyLink': 'Copy link',
  'common.main.linkCopied': 'Link copied',
  'common.main.copyLinkManual': 'Copy this link:',
  'common.placeholder': 'This view is being built.',
  // One dialog model (issue 13 pt 10): WebAdmin's OK and Close, the main place's modal footer.
  'common.dialog.goesOn':
    'Closing this dialog does not stop the operation: it goes on, and Ops Center › Operations shows its progress.',
  'common.dialog.alreadySent': 'Already sent: OK does not send it again. Its progress is below.',
  'common.dialog.nothingToSend':
    'Nothing to send: none of the selected items can take this action (the reasons are listed below).',
  'common.dialog.notReady':
    'Still checking with the engine: press OK again once the check is done.',
  'common.dialog.fixField': 'Correct the field marked below, then press OK.',
} as const;
