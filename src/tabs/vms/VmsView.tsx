/** Ops Center › Virtual Machines: renders what `useVmsView` decides. */
import { Alert, Button, Flex, FlexItem, Progress } from '@patternfly/react-core';
import {
  lazy,
  memo,
  Suspense,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../messages/catalogue';
import { endFirstPaint } from '../ops-center/firstPaint';
import { OperationsDrawer } from '../shared/operations/ui/OperationsDrawer';
import { EmptyPageState, ErrorState, LoadingState, errorMessage } from '../shared/ui/PageStates';
import { userControls } from './domain/listState';
import { useVmsView } from './domain/useVmsView';
import { BulkToolbar } from './ui/BulkToolbar';
import { toolbarActionEnabled } from './domain/toolbarRules';
import { SearchBar } from './ui/SearchBar';
import { LiveVmStatus } from './ui/LiveVmStatus';
import { VmTable } from './ui/VmTable';
import { Pager } from '../shared/ui/Pager';
import './vms.css';

// The modal and its panels load when the admin first opens one (issue 14: main place weight).
const VmsDialog = lazy(() => import('./ui/VmsDialog').then((m) => ({ default: m.VmsDialog })));

// A live row refresh re-renders the view; the search bar, pagers and toolbar keep their props then
// (issue 14: less code made hot by 30 minutes of updates).
const StableSearchBar = memo(SearchBar);
const StablePager = memo(Pager);
const StableBulkToolbar = memo(BulkToolbar);

export function VmsView(): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useVmsView();
  const now = data.now;
  const own = userControls(data.state.q);
  // The boot script's first paint (issue 14) steps aside in the frame the view shows its rows (or
  // why there are none); where the table is goes to the next first paint.
  const tableRef = useRef<HTMLDivElement>(null);
  const shown = !data.loading;
  useLayoutEffect(() => {
    if (shown) endFirstPaint(tableRef.current?.querySelector('table'));
  }, [shown]);

  const { clock, readPage, names, selected } = data;
  const enabled = useCallback(
    (action: Parameters<typeof toolbarActionEnabled>[0]) => toolbarActionEnabled(action, selected),
    [selected],
  );
  const liveRows = useMemo(() => ({ clock, read: readPage, names }), [clock, readPage, names]);
  let table: ReactNode;
  if (data.loading) table = <LoadingState />;
  else if (data.error) table = <ErrorState error={data.error} onRetry={actions.retry} />;
  // A refused search shows why, not an empty table (issue 13 pt 17).
  else if (data.searchError !== undefined)
    table = <EmptyPageState title={t('vms.search.error')} body={data.searchError} />;
  else if (data.rows.length === 0)
    table = <EmptyPageState title={t('vms.list.empty')} body={t('vms.list.emptyHint')} />;
  else
    table = (
      <VmTable
        live={liveRows}
        rows={data.rows}
        state={data.state}
        selectedIds={data.selectedIds}
        sortable={!own.sort}
        now={now}
        onSort={actions.sortBy}
        onToggle={actions.toggleRow}
        onTogglePage={actions.togglePage}
      />
    );

  const dialog = data.dialog;
  const [dialogUsed, setDialogUsed] = useState(false);
  if (dialog !== undefined && !dialogUsed) setDialogUsed(true);
  // Paging at the top and the bottom, unless the admin wrote their own `page N`.
  const pager = (variant: 'top' | 'bottom'): ReactNode =>
    !own.page && !data.loading && !data.error && data.searchError === undefined ? (
      <StablePager
        id={`oc-vms-pager-${variant}`}
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
    <OperationsDrawer isOpen={data.drawerOpen} onOpenChange={actions.setDrawerOpen}>
      <div className="oc-vms">
        {data.liveError !== undefined && !data.error ? (
          <Alert variant="warning" isInline title={t('common.error.title')} role="alert">
            {errorMessage(data.liveError, t)}
          </Alert>
        ) : null}
        <StableSearchBar
          key={data.state.q}
          state={data.state}
          searchError={data.searchError}
          hosts={data.hosts}
          clusters={data.clusters}
          saved={data.saved}
          activeSaved={data.activeSaved}
          deletedSaved={data.deletedSaved}
          onSubmit={actions.submitSearch}
          onFilter={actions.setFilter}
          onSave={actions.saveCurrentSearch}
          onApplySaved={actions.applySaved}
          onDeleteSaved={actions.deleteSaved}
          onUndoDelete={actions.undoDelete}
        />
        <Flex
          justifyContent={{ default: 'justifyContentSpaceBetween' }}
          alignItems={{ default: 'alignItemsCenter' }}
        >
          <FlexItem>
            <StableBulkToolbar
              count={data.selected.length}
              enabled={enabled}
              onAction={actions.openBulk}
              onClear={actions.clearSelection}
              migrating={data.selected.filter((v) => v.status === 'migrating').length}
              onCancelMigration={actions.cancelMigrations}
            />
          </FlexItem>
          <FlexItem>
            <Flex
              spaceItems={{ default: 'spaceItemsSm' }}
              alignItems={{ default: 'alignItemsCenter' }}
            >
              <FlexItem>
                <LiveVmStatus
                  id="oc-last-updated"
                  live={data.live}
                  stale={data.liveError !== undefined}
                  clock={data.clock}
                  lastRead={data.lastRead}
                />
              </FlexItem>
              <FlexItem>
                {data.csv.kind === 'running' ? (
                  <Flex
                    spaceItems={{ default: 'spaceItemsSm' }}
                    alignItems={{ default: 'alignItemsCenter' }}
                  >
                    <span role="status" id="oc-csv-status">
                      {t('vms.csv.progress', { count: data.csv.count })}
                    </span>
                    <Button variant="link" onClick={actions.cancelCsv}>
                      {t('vms.csv.cancel')}
                    </Button>
                  </Flex>
                ) : (
                  <Button variant="secondary" onClick={actions.exportCsv} id="oc-csv-export">
                    {t('vms.csv.export')}
                  </Button>
                )}
              </FlexItem>
            </Flex>
          </FlexItem>
        </Flex>
        {data.csv.kind === 'done' ? (
          <Alert
            variant="success"
            isInline
            isPlain
            title={t('vms.csv.done', { count: data.csv.count })}
            role="status"
            id="oc-csv-result"
          />
        ) : null}
        {data.csv.kind === 'failed' ? (
          <Alert
            variant="danger"
            isInline
            isPlain
            title={t('vms.csv.failed', { error: data.csv.error })}
          />
        ) : null}
        {data.csv.kind === 'running' ? (
          <Progress
            value={undefined}
            aria-label={t('vms.csv.progress', { count: data.csv.count })}
            measureLocation="none"
          />
        ) : null}
        {pager('top')}
        <div className="oc-vms-table" aria-busy={data.fetching} ref={tableRef}>
          {table}
        </div>
        {pager('bottom')}
      </div>
      {/* Mounted from the first dialog on, so it can animate closed; its code loads then. */}
      {dialogUsed ? (
        <Suspense fallback={null}>
          <VmsDialog
            dialog={dialog}
            concurrency={data.concurrency}
            onConfirmBulk={actions.confirmBulk}
            onClose={actions.closeDialog}
          />
        </Suspense>
      ) : null}
    </OperationsDrawer>
  );
}
