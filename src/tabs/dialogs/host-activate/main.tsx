import { mountPage } from '../../shared/mountPage';
import { HostActivateDialog } from './HostActivateDialog';

mountPage(<HostActivateDialog />);
