/**
 * `host-drift.html#cluster=<id>`: the cluster drift view, opened from Ops Center › Hosts. Its own
 * page so that nothing of it weighs on the main place. Renders only; the cluster list comes from
 * `useHostDrift`, the comparison from `../../hosts/ui/DriftView`.
 */
import type { ReactNode } from 'react';
import { closeDialog } from '../../../plugin-api/pluginApi';
import { DIALOG_TOKENS } from '../../../plugin-api/pages';
import { ErrorState, LoadingState } from '../../shared/ui/PageStates';
import DriftView from '../../hosts/ui/DriftView';
import { useHostDrift } from './useHostDrift';
import '../host-maintenance/ui/hostMaintenance.css';

export function HostDriftDialog(): ReactNode {
  const { clusters, clusterId } = useHostDrift();
  if (clusters.isError)
    return <ErrorState error={clusters.error} onRetry={() => void clusters.refetch()} />;
  if (!clusters.data) return <LoadingState />;
  // PageRoot is the page's <main>; the view's title is its first heading.
  return (
    <DriftView
      clusters={clusters.data}
      initialClusterId={clusterId}
      headingLevel="h1"
      onClose={() => {
        closeDialog(DIALOG_TOKENS.hostDrift);
      }}
    />
  );
}
