import {
  Alert,
  Button,
  Checkbox,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Stack,
  StackItem,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { registerEnglish, useMessages } from '../../../../messages/catalogue';
import { migrateClosureMessages } from '../../../../messages/migrateClosure';
import { OperationCard } from '../../../shared/operations/ui/OperationCard';
import { useVmOperationRunner } from '../../../shared/operations/useOperations';
import { useCancelMigration } from '../../../shared/operations/useCancelMigration';
import { ErrorState } from '../../../shared/ui/PageStates';
import { BulkConfirm } from '../../../vms/ui/BulkConfirm';
import { useMigrate, type MigrateVm } from '../domain/useMigrate';
import { DialogRunningNote, useInDialogFooter } from '../../../shared/ui/dialogFooter';

registerEnglish(migrateClosureMessages);

export function MigratePanel({
  vms,
  onClose,
  topLevel = false,
}: {
  vms: readonly MigrateVm[];
  onClose: () => void;
  /** The panel is the document's content (the WebAdmin dialog page): its title is the h1. */
  topLevel?: boolean;
}): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useMigrate(vms);
  const runner = useVmOperationRunner();
  const cancelMigration = useCancelMigration();
  const inDialog = useInDialogFooter();
  if (data.operation)
    return (
      <Stack hasGutter>
        <StackItem>
          <OperationCard
            op={data.operation}
            actions={{
              cancel: runner.cancel,
              retry: (id) => {
                runner.retry(id);
              },
              cancelMigration,
            }}
          />
        </StackItem>
        {data.operation.state === 'running' ? (
          <StackItem>
            <DialogRunningNote />
          </StackItem>
        ) : null}
        {inDialog ? null : (
          <StackItem>
            <Button variant="secondary" onClick={onClose}>
              {t('vms.bulk.close')}
            </Button>
          </StackItem>
        )}
      </Stack>
    );
  const picker = (
    <FormGroup label={t('vms.migrate.target')} fieldId="oc-migrate-target">
      {data.targetsLoading ? <p>{t('vms.migrate.loadingTargets')}</p> : null}
      {data.targetsError ? <ErrorState error={data.targetsError} /> : null}
      {data.targets ? (
        <FormSelect
          id="oc-migrate-target"
          value={data.target}
          onChange={(_e, v) => {
            actions.chooseTarget(v);
          }}
        >
          <FormSelectOption value="" label={t('vms.migrate.auto')} />
          {data.targets.map((h) => (
            <FormSelectOption key={h.id} value={h.id} label={h.name} />
          ))}
        </FormSelect>
      ) : null}
      {data.noTargets === 'none' ? (
        <Alert
          variant="warning"
          isInline
          isPlain
          component="h3"
          title={t('vms.migrate.noTargets')}
        />
      ) : null}
      {data.noTargets === 'noCommonHost' ? (
        <Alert
          variant="info"
          isInline
          isPlain
          component="h3"
          title={t('vms.migrate.noCommonTarget')}
        />
      ) : null}
    </FormGroup>
  );
  const names = new Map(data.vms.map((v) => [v.id, v.name]));
  const followers = data.followers ? [...data.followers] : [];
  const closure = (
    <FormGroup fieldId="oc-migrate-closure">
      <Checkbox
        id="oc-migrate-closure"
        label={t('vms.migrate.closure')}
        description={t('vms.migrate.closureHelp')}
        isChecked={data.closure}
        onChange={(_e, on) => {
          actions.setClosure(on);
        }}
      />
      {data.followersLoading ? <p>{t('vms.migrate.closureLoading')}</p> : null}
      {data.followersError ? <ErrorState error={data.followersError} /> : null}
      {data.followers && followers.length === 0 ? <p>{t('vms.migrate.closureNone')}</p> : null}
      {followers.length > 0 ? (
        <>
          <p id="oc-migrate-closure-list">{t('vms.migrate.closureList')}</p>
          <ul aria-labelledby="oc-migrate-closure-list" className="oc-migrate-closure">
            {followers.flatMap(([leader, list]) =>
              list.map((f) => (
                <li key={f.id}>
                  {t('vms.migrate.closureFollower', {
                    name: f.name,
                    leader: names.get(leader) ?? leader,
                    group: f.group,
                  })}
                </li>
              )),
            )}
          </ul>
        </>
      ) : null}
    </FormGroup>
  );
  return (
    <BulkConfirm
      topLevel={topLevel}
      action="migrate"
      vms={data.vms}
      concurrency={data.concurrency}
      onConfirm={actions.confirmMigrate}
      onCancel={onClose}
      extra={
        <>
          {picker}
          {closure}
        </>
      }
      confirmDisabled={data.targetsLoading || data.followersLoading}
    />
  );
}
