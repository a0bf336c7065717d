/**
 * Ops Center › Hosts: the host table with engine search, sort, paging and live updates, and the
 * Maintenance (with an evacuation plan) / Activate actions for the selected hosts. Shown by the
 * main place beside the VM view; works on its own too. Renders only: `domain/useHostsView.ts`
 * decides, `ui/` draws.
 */
import { Button, Form, HelperText, HelperTextItem, TextInput } from '@patternfly/react-core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../messages/catalogue';
import { EmptyPageState, ErrorState, LoadingState } from '../shared/ui/PageStates';
import { useHostsView } from './domain/useHostsView';
import { HostTable } from './ui/HostTable';
import { LiveStatus } from '../shared/ui/LiveStatus';
import { Pager } from '../shared/ui/Pager';
import './ui/hosts.css';

function SearchBox({
  value,
  error,
  onSubmit,
}: {
  value: string;
  /** The engine's words for a search it refused, shown under the box as the VM view does. */
  error: string | undefined;
  onSubmit: (q: string) => void;
}): ReactNode {
  const { t } = useMessages();
  const [text, setText] = useState(value);
  return (
    <Form
      className="oc-hosts-search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text);
      }}
    >
      <TextInput
        id="oc-hosts-search"
        type="search"
        value={text}
        aria-label={t('hosts.search.label')}
        placeholder={t('hosts.search.placeholder')}
        validated={error ? 'error' : 'default'}
        aria-describedby={error ? 'oc-hosts-search-error' : undefined}
        onChange={(_e, v) => {
          setText(v);
        }}
      />
      <Button type="submit" variant="control">
        {t('hosts.search.submit')}
      </Button>
    </Form>
  );
}

export function HostsView(): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useHostsView();
  const selected = data.selectedRows.length;

  let body: ReactNode;
  if (data.isLoading) {
    body = (
      <>
        <p className="oc-muted">{t('hosts.list.loading')}</p>
        <LoadingState />
      </>
    );
  } else if (data.error) {
    body = <ErrorState error={data.error} onRetry={actions.retry} />;
  } else if (data.searchError !== undefined) {
    // A refused search shows why, not an empty table (issue 13 pt 17).
    body = <EmptyPageState title={t('hosts.search.error')} body={data.searchError} />;
  } else if (data.rows.length === 0) {
    body = <EmptyPageState title={t('hosts.list.empty')} body={t('hosts.list.emptyHint')} />;
  } else {
    body = (
      <div aria-busy={data.fetching}>
        <HostTable
          rows={data.rows}
          state={data.state}
          selectedIds={data.selectedIds}
          sortable={data.sortable}
          onSort={actions.sortBy}
          onToggleRow={actions.toggleRow}
          onTogglePage={actions.togglePage}
        />
      </div>
    );
  }

  // Paging at the top and the bottom, unless the admin wrote their own `page N`.
  const pager = (variant: 'top' | 'bottom'): ReactNode =>
    data.pageable && !data.isLoading && !data.error && data.searchError === undefined ? (
      <Pager
        id={`oc-hosts-pager-${variant}`}
        variant={variant}
        page={data.state.page}
        pageSize={data.pageSize}
        configuredSize={data.configuredPageSize}
        rowCount={data.rows.length}
        hasNext={data.hasNext}
        onPage={actions.goToPage}
        onPageSize={actions.setPageSize}
      />
    ) : null;

  return (
    <section className="oc-page" aria-label={t('hosts.list.rows')}>
      <div className="oc-hosts-toolbar">
        {/* Keyed by the search so back/forward resets the box. */}
        <SearchBox
          key={data.state.q}
          value={data.state.q}
          error={data.searchError}
          onSubmit={actions.submitSearch}
        />
        <Button
          variant="primary"
          id="oc-hosts-maintenance"
          isDisabled={!data.canMaintain}
          onClick={actions.openMaintenance}
        >
          {t('hosts.action.maintenance')}
        </Button>
        <Button
          variant="secondary"
          id="oc-hosts-activate"
          isDisabled={!data.canActivate}
          onClick={actions.openActivate}
        >
          {t('hosts.action.activate')}
        </Button>
        <Button
          variant="secondary"
          id="oc-hosts-upgradecheck"
          isDisabled={selected === 0}
          onClick={actions.openUpgradeCheck}
        >
          {t('hosts.upgrade.button.check')}
        </Button>
        <Button
          variant="secondary"
          id="oc-hosts-upgrade"
          isDisabled={selected === 0}
          onClick={actions.openUpgrade}
        >
          {t('hosts.upgrade.button.upgrade')}
        </Button>
        <Button
          variant="secondary"
          id="oc-hosts-restart"
          isDisabled={selected === 0}
          onClick={actions.openRestart}
        >
          {t('hosts.restart.action')}
        </Button>
        <Button variant="secondary" id="oc-hosts-drift" onClick={actions.openDrift}>
          {t('hosts.drift.action')}
        </Button>
        {selected > 0 ? (
          <>
            <span role="status">{t('hosts.list.selected', { count: selected })}</span>
            <Button variant="link" onClick={actions.clearSelection}>
              {t('vms.list.clearSelection')}
            </Button>
          </>
        ) : null}
        <LiveStatus
          id="oc-hosts-last-updated"
          live={data.live}
          stale={data.liveError !== undefined}
          lastUpdated={data.lastUpdated}
        />
      </div>
      {data.searchError !== undefined ? (
        // Under the toolbar, as the VM view puts it under its box; the box points to it.
        <HelperText id="oc-hosts-search-error" className="oc-hosts-search-error">
          <HelperTextItem variant="error" role="alert">
            {t('hosts.search.error')}: {data.searchError}
          </HelperTextItem>
        </HelperText>
      ) : null}
      {pager('top')}
      {body}
      {pager('bottom')}
    </section>
  );
}
