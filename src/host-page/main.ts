import { startHostPage } from './hostPage';
import { watchOperations } from './operationsLoader';

startHostPage(window);
watchOperations(window);
