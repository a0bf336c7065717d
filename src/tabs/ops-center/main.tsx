import { mountPage } from '../shared/mountPage';
import { OpsCenterPage } from './OpsCenterPage';

mountPage(<OpsCenterPage />);
