// Loaded by boot.ts, which has started the first reads.
import { mountPage } from '../shared/mountPage';
import { HostLoadPage } from './HostLoadPage';

mountPage(<HostLoadPage />);
