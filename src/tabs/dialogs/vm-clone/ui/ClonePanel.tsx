import {
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Stack,
  StackItem,
  TextInput,
  Title,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useMessages } from '../../../../messages/catalogue';
import { OperationCard } from '../../../shared/operations/ui/OperationCard';
import { OperationItems } from '../../../shared/operations/ui/OperationItems';
import { EmptyPageState, ErrorState, LoadingState } from '../../../shared/ui/PageStates';
import { VmStatusLabel } from '../../../vms/ui/VmStatusLabel';
import { useSafeClone } from '../domain/useSafeClone';
import { useFooterAction, useInDialogFooter } from '../../../shared/ui/dialogFooter';

const PROBLEM_KEY = {
  required: 'vms.clone.nameRequired',
  invalid: 'vms.clone.nameInvalid',
  taken: 'vms.clone.nameTaken',
} as const;

export function ClonePanel({
  vmId,
  onClose,
  topLevel = false,
}: {
  vmId: string;
  onClose: () => void;
  /** The panel is the document's content (the WebAdmin dialog page): the VM's name is the h1. */
  topLevel?: boolean;
}): ReactNode {
  const { t } = useMessages();
  const { data, actions } = useSafeClone(vmId);
  const inDialog = useInDialogFooter();
  // The footer's action while the form shows. Sending waits for the engine's answer about the
  // name (taken or not), so confirm never counts as sent here: useSafeClone's own guard makes a
  // second OK during that check, or after the clone started, send nothing.
  useFooterAction(
    data.vm && !data.operation && !data.loading
      ? {
          label: t('vms.clone.run'),
          disabled: data.checking || !!data.problem,
          confirm: () => {
            actions.runClone();
            return false;
          },
        }
      : undefined,
  );
  if (!vmId) return <EmptyPageState title={t('vms.bulk.noIds')} body="" />;
  if (data.loading) return <LoadingState />;
  if (data.error || !data.vm) return <ErrorState error={data.error} onRetry={actions.retryLoad} />;
  const heading = (
    <Title headingLevel={topLevel ? 'h1' : 'h2'} size="md">
      {data.vm.name} <VmStatusLabel status={data.vm.status} />
    </Title>
  );
  if (data.operation)
    return (
      <Stack hasGutter>
        <StackItem>{heading}</StackItem>
        {data.operation.state === 'running' ? (
          <StackItem>
            <Alert variant="info" isInline isPlain component="p" title={t('vms.clone.continues')} />
          </StackItem>
        ) : null}
        <StackItem>
          <OperationCard op={data.operation} actions={{}} />
        </StackItem>
        {data.operation.items[0]?.error ? (
          <StackItem>
            <OperationItems op={data.operation} />
          </StackItem>
        ) : null}
        {data.restart === 'offer' ? (
          <StackItem>
            <Button variant="primary" onClick={actions.restartOriginal}>
              {t('vms.clone.step.restart', { name: data.vm.name })}
            </Button>
          </StackItem>
        ) : data.restart === 'sent' ? (
          <StackItem>
            <Alert
              variant="info"
              isInline
              isPlain
              title={t('vms.clone.restartSent', { name: data.vm.name })}
            />
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
  return (
    <Form
      onSubmit={(e) => {
        e.preventDefault();
        actions.runClone();
      }}
    >
      {heading}
      {data.vm.status !== 'down' ? (
        <Alert
          variant="warning"
          isInline
          component="p"
          title={t('vms.clone.downtime', { name: data.vm.name })}
        />
      ) : null}
      <FormGroup label={t('vms.clone.name')} fieldId="oc-clone-name" isRequired>
        <TextInput
          id="oc-clone-name"
          value={data.name}
          isRequired
          validated={data.problem ? 'error' : 'default'}
          aria-describedby="oc-clone-name-help"
          onChange={(_e, v) => {
            actions.setName(v);
          }}
        />
        <FormHelperText>
          <HelperText id="oc-clone-name-help">
            {data.problem ? (
              <HelperTextItem variant="error">{t(PROBLEM_KEY[data.problem])}</HelperTextItem>
            ) : data.checking ? (
              <HelperTextItem>{t('vms.clone.checking')}</HelperTextItem>
            ) : (
              <HelperTextItem>{t('vms.clone.nameInvalid')}</HelperTextItem>
            )}
          </HelperText>
        </FormHelperText>
      </FormGroup>
      <Checkbox
        id="oc-clone-start"
        label={t('vms.clone.startClone')}
        isChecked={data.startClone}
        onChange={(_e, on) => {
          actions.setStartClone(on);
        }}
      />
      {inDialog ? null : (
        <Stack hasGutter>
          <StackItem>
            <Button type="submit" variant="primary" isDisabled={data.checking || !!data.problem}>
              {t('vms.clone.run')}
            </Button>{' '}
            <Button variant="link" onClick={onClose}>
              {t('vms.bulk.cancel')}
            </Button>
          </StackItem>
        </Stack>
      )}
    </Form>
  );
}
