import { mountPage } from '../../shared/mountPage';
import { HostUpgradeDialog } from './HostUpgradeDialog';

mountPage(<HostUpgradeDialog />);
