import { mountPage } from '../../shared/mountPage';
import { VmCloneDialog } from './VmCloneDialog';

mountPage(<VmCloneDialog />);
