import { mountPage } from '../../shared/mountPage';
import { VmBulkDialog } from './VmBulkDialog';

mountPage(<VmBulkDialog />);
