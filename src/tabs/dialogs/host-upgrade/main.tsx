import { mountPage } from '../../shared/mountPage';
import { HostUpgradeDialog } from './HostUpgradeDialog';
import { registerEnglish } from '../../../messages/catalogue';
import { hostLifecycleMessages } from '../../../messages/hostLifecycle';

// This page shows the host lifecycle texts the other pages do not carry.
registerEnglish(hostLifecycleMessages);

mountPage(<HostUpgradeDialog />);
