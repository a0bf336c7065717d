import { mountPage } from '../../shared/mountPage';
import { HostDriftDialog } from '../host-drift/HostDriftDialog';
import { HostRestartDialog } from './HostRestartDialog';
import { registerEnglish } from '../../../messages/catalogue';
import { hostLifecycleMessages } from '../../../messages/hostLifecycle';

// This page shows the host lifecycle texts the other pages do not carry.
registerEnglish(hostLifecycleMessages);

// One page for the host lifecycle dialogs: a page of its own for the drift view would split the
// shared chunks further and weigh on the main place.
mountPage(
  /[#&]view=drift(&|$)/.test(window.location.hash) ? <HostDriftDialog /> : <HostRestartDialog />,
);
