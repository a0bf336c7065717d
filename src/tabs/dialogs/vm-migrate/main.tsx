import { mountPage } from '../../shared/mountPage';
import { VmMigrateDialog } from './VmMigrateDialog';

mountPage(<VmMigrateDialog />);
