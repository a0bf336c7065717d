import { mountPage } from '../../shared/mountPage';
import { HostMaintenanceDialog } from './HostMaintenanceDialog';
import { registerEnglish } from '../../../messages/catalogue';
import { hostLifecycleMessages } from '../../../messages/hostLifecycle';

// The plan names the scheduler's rules with texts the other pages do not carry.
registerEnglish(hostLifecycleMessages);

mountPage(<HostMaintenanceDialog />);
