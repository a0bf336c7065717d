import { startHostPage } from './hostPage';

startHostPage(window);
