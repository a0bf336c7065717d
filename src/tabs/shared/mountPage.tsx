import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { reportError } from '../../plugin-api/pluginApi';
import { PageRoot } from './PageRoot';

/** Renders a page into its entry HTML's `#root` (every src/entries/<page>.html has one). */
export function mountPage(page: ReactNode): void {
  const container = document.getElementById('root');
  if (!container) {
    reportError('page has no #root element');
    return;
  }
  createRoot(container).render(
    <StrictMode>
      <PageRoot>{page}</PageRoot>
    </StrictMode>,
  );
}
