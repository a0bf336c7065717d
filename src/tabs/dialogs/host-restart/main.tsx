import { mountPage } from '../../shared/mountPage';
import { HostRestartDialog } from './HostRestartDialog';

mountPage(<HostRestartDialog />);
