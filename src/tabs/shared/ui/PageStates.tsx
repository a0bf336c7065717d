/**
 * The loading, empty and error states every page shows (model-codebases §4.10). Engine errors are
 * mapped to what the admin can do about them; engine text is rendered as text, never as HTML.
 */
import {
  Alert,
  Bullseye,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Spinner,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import {
  AuthError,
  ConnectionError,
  FaultError,
  NotFoundError,
  ParseError,
} from '../../../rest/errors';
import { useMessages } from '../../../messages/catalogue';
import type { Translate } from '../../../messages/catalogue';

export function LoadingState(): ReactNode {
  const { t } = useMessages();
  return (
    <Bullseye className="oc-page-state">
      <Spinner size="xl" aria-label={t('common.loading')} />
    </Bullseye>
  );
}

export function EmptyPageState({
  title,
  body,
  children,
}: {
  title: string;
  body: string;
  children?: ReactNode;
}): ReactNode {
  return (
    <EmptyState titleText={title} headingLevel="h2" className="oc-page-state">
      <EmptyStateBody>{body}</EmptyStateBody>
      {children ? (
        <EmptyStateFooter>
          <EmptyStateActions>{children}</EmptyStateActions>
        </EmptyStateFooter>
      ) : null}
    </EmptyState>
  );
}

/** What an engine error means for the admin, in the catalogue's words. */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof AuthError) return t('common.error.auth');
  if (error instanceof NotFoundError) return t('common.error.notFound');
  if (error instanceof ConnectionError) return t('common.error.connection');
  if (error instanceof ParseError) return t('common.error.parse');
  if (error instanceof FaultError)
    return t('common.error.fault', { detail: error.detail ?? error.reason });
  return t('common.error.body', {
    message: error instanceof Error ? error.message : String(error),
  });
}

export function ErrorState({
  error,
  onRetry,
}: {
  error: unknown;
  onRetry?: () => void;
}): ReactNode {
  const { t } = useMessages();
  return (
    <Alert
      variant="danger"
      isInline
      title={t('common.error.title')}
      className="oc-page-state"
      role="alert"
    >
      <p>{errorMessage(error, t)}</p>
      {onRetry ? (
        <Button variant="link" isInline onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </Alert>
  );
}
