import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { reportError } from '../../plugin-api/pluginApi';
import { loadMessages } from '../../messages/catalogue';
import { PageRoot } from './PageRoot';

/**
 * Renders a page into its entry HTML's `#root` (every src/entries/<page>.html has one), and sends
 * errors nothing else caught to WebAdmin's UI log instead of losing them in a hidden iframe.
 * WebAdmin's locale is loaded first (one small chunk, none for English; never fails: English
 * stands in), so the first render is already in the admin's language.
 */
export function mountPage(page: ReactNode): void {
  window.addEventListener('error', (event) => {
    reportError('uncaught error in page', event.error);
  });
  window.addEventListener('unhandledrejection', (event) => {
    reportError('unhandled rejection in page', event.reason);
  });
  const container = document.getElementById('root');
  if (!container) {
    reportError('page has no #root element');
    return;
  }
  void loadMessages().then((locale) => {
    document.documentElement.lang = locale;
    createRoot(container).render(
      <StrictMode>
        <PageRoot>{page}</PageRoot>
      </StrictMode>,
    );
  });
}
