import { currentLocale } from '../plugin-api/pluginApi';
import { loadHostPageTexts } from '../messages/hostPage';
import { startHostPage } from './hostPage';
import { watchOperations } from './operationsLoader';

// English needs no request; another locale's labels are one tiny chunk, fetched before ready().
void loadHostPageTexts(currentLocale()).then((texts) => startHostPage(window, texts));
watchOperations(window);
