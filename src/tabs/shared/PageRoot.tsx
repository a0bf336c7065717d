/**
 * The root of every page and dialog: PatternFly CSS, the error boundary, the QueryClient, the
 * page context (engine client from the plugin API, validated config). The warning about config
 * values that were not used is the main place's alone (`ConfigWarnings`).
 *
 * @example
 *   // src/tabs/<page>/main.tsx
 *   mountPage(<VmActivityPage />);
 */
import '@patternfly/react-core/dist/styles/base.css';
import './page.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { createQueryClient, pauseWhileHidden } from './queryClient';
import { createPageEnvironment } from './pageEnvironment';
import type { PageEnvironment } from './pageEnvironment';
import { PageContext } from './pageContext';
import { seedEarlyReads, takeBootEnvironment } from './boot/earlyReads';
import type { PageContextValue } from './pageContext';
import { useMessages } from '../../messages/catalogue';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { EmptyPageState } from './ui/PageStates';
import { invalidHashIds, useHashParams } from './useHashParams';
import { RefetchOnOperationEnd } from './operations/useOperations';

/** Ids enter pages through the URL hash; anything but the engine's id shape stops the page. */
function HashIdsGuard({ children }: { children: ReactNode }): ReactNode {
  const { t } = useMessages();
  const invalid = invalidHashIds(useHashParams());
  if (invalid.length === 0) return children;
  const shown = invalid.slice(0, 3).join(', ') + (invalid.length > 3 ? ', …' : '');
  return (
    <EmptyPageState
      title={t('common.ids.invalidTitle')}
      body={t('common.ids.invalidBody', { ids: shown })}
    />
  );
}

export function PageRoot({
  children,
  environment,
}: {
  children: ReactNode;
  /** Tests pass their own; pages get theirs from the plugin API. */
  environment?: PageEnvironment;
}): ReactNode {
  const { t } = useMessages();
  const [env] = useState(() => environment ?? takeBootEnvironment() ?? createPageEnvironment());
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    // What the page's boot script already read (issue 14: fetch while the code loads).
    seedEarlyReads(client);
    return client;
  });
  useEffect(() => pauseWhileHidden(), []);
  if (env.kind === 'outside-webadmin')
    return (
      <EmptyPageState
        title={t('common.outsideWebAdmin.title')}
        body={t('common.outsideWebAdmin.body')}
      />
    );
  const value: PageContextValue = env;
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <PageContext.Provider value={value}>
          <RefetchOnOperationEnd />
          {/* Every page's one main landmark; the pages themselves use sections. */}
          <main className="oc-page">
            <HashIdsGuard>{children}</HashIdsGuard>
          </main>
        </PageContext.Provider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
