/** Placeholder (created by BUNDLE, replaced by its owner): the first page of hosts from the engine. */
import { List, ListItem } from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useMessages } from '../shared/messages/catalogue';
import { usePage } from '../shared/pageContext';
import { hostKeys } from '../shared/queryKeys';
import { EmptyPageState, ErrorState, LoadingState } from '../shared/ui/PageStates';

export function HostsView(): ReactNode {
  const { t } = useMessages();
  const { client, config } = usePage();
  const list = useQuery({
    queryKey: hostKeys.list('', 0, config.pageSize),
    queryFn: ({ signal }) => client.hostList({ max: config.pageSize, signal }),
  });
  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <EmptyPageState title={t('common.placeholder')} body="" />;
  return (
    <List aria-label={t('common.placeholder')}>
      {list.data.map((item) => (
        <ListItem key={item.id}>
          {item.name} — {item.status}
        </ListItem>
      ))}
    </List>
  );
}
