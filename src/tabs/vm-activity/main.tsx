import { mountPage } from '../shared/mountPage';
import { VmActivityPage } from './VmActivityPage';

mountPage(<VmActivityPage />);
