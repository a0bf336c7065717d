import { mountPage } from '../shared/mountPage';
import { HostLoadPage } from './HostLoadPage';

mountPage(<HostLoadPage />);
