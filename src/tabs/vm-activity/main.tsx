// Loaded by boot.ts, which has started the first reads.
import { mountPage } from '../shared/mountPage';
import { VmActivityPage } from './VmActivityPage';

mountPage(<VmActivityPage />);
