// Loaded by boot.ts once the page's stylesheet is applied.
import { mountPage } from '../shared/mountPage';
import { ClusterBalancePage } from './ClusterBalancePage';

mountPage(<ClusterBalancePage />);
