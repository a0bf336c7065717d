import { mountPage } from '../../shared/mountPage';
import { HostMaintenanceDialog } from './HostMaintenanceDialog';

mountPage(<HostMaintenanceDialog />);
