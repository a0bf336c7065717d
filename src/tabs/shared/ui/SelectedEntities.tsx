/**
 * The entities a dialog or detail tab was opened for, fetched from the engine (the hash carries
 * only ids), each with its own loading and error state. Used by the placeholder pages and by
 * dialogs that confirm their targets.
 */
import { Stack, StackItem } from '@patternfly/react-core';
import { useQueries } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { hostQueries, vmQueries } from '../entityQueries';
import { useMessages } from '../../../messages/catalogue';
import { useEngineClient } from '../pageContext';
import { EntitySummary } from './EntitySummary';
import { EmptyPageState, ErrorState, LoadingState } from './PageStates';

/** Enough to confirm a selection without loading thousands of VMs one by one. */
const MAX_SHOWN = 20;

export function SelectedEntities({ kind, ids }: { kind: 'vm' | 'host'; ids: string[] }): ReactNode {
  const { t } = useMessages();
  const client = useEngineClient();
  const shown = ids.slice(0, MAX_SHOWN);
  const results = useQueries({
    queries: shown.map((id) =>
      kind === 'vm' ? vmQueries.detail(client, id) : hostQueries.detail(client, id),
    ),
  });
  if (ids.length === 0)
    return (
      <EmptyPageState
        title={t('common.noSelection.title')}
        body={kind === 'vm' ? t('common.noSelection.vm') : t('common.noSelection.host')}
      />
    );
  return (
    <Stack hasGutter>
      <StackItem>{t('common.entity.selected', { count: ids.length })}</StackItem>
      {results.map((result, i) => (
        <StackItem key={shown[i]}>
          {result.isPending ? (
            <LoadingState />
          ) : result.isError ? (
            <ErrorState error={result.error} onRetry={() => void result.refetch()} />
          ) : (
            <EntitySummary entity={result.data} />
          )}
        </StackItem>
      ))}
    </Stack>
  );
}
