// Loaded by boot.ts, which has adopted a copied link's state and started the first reads.
import { mountPage } from '../shared/mountPage';
import { OpsCenterPage } from './OpsCenterPage';

mountPage(<OpsCenterPage />);
