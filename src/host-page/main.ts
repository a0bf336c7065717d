import { currentLocale } from '../plugin-api/pluginApi';
import { loadHostPageTexts } from '../messages/hostPage';
import { startHostPage } from './hostPage';
import { watchOperations } from './operationsLoader';

// English needs no request; another locale's labels are one tiny file, fetched before ready() on
// the first start after an install or upgrade and read from localStorage on every later one.
void loadHostPageTexts(currentLocale()).then((texts) => startHostPage(window, texts));
watchOperations(window);
