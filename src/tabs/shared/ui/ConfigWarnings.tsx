/**
 * The config warning banner of the main place: which values of ops-center-config.json were not
 * used and why, listed in full. Shown on the main place only (not on every tab and dialog); the
 * admin may dismiss it for this WebAdmin tab, and it comes back when the problems change.
 *
 * @example
 *   <ConfigWarnings />   // after the page's heading
 */
import { Alert, AlertActionCloseButton } from '@patternfly/react-core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { ConfigWarning } from '../../../plugin-api/config';
import { configWarningText } from '../pageEnvironment';
import { usePage } from '../pageContext';

export const CONFIG_DISMISSED_KEY = 'ops-center:config-warnings-dismissed';

function signature(warnings: readonly ConfigWarning[]): string {
  return JSON.stringify(warnings.map((w) => [w.key, w.problem, w.value]));
}

function readDismissed(): string | null {
  try {
    return window.sessionStorage.getItem(CONFIG_DISMISSED_KEY);
  } catch {
    return null;
  }
}

export function ConfigWarnings(): ReactNode {
  const { t } = useMessages();
  const { warnings } = usePage();
  const current = signature(warnings);
  const [dismissed, setDismissed] = useState(() => readDismissed() === current);
  if (warnings.length === 0 || dismissed) return null;
  const dismiss = (): void => {
    setDismissed(true);
    try {
      window.sessionStorage.setItem(CONFIG_DISMISSED_KEY, current);
    } catch {
      // Storage refused: dismissed for this page only.
    }
  };
  return (
    <Alert
      variant="warning"
      isInline
      title={t('common.config.title')}
      className="oc-config-warnings"
      actionClose={<AlertActionCloseButton onClose={dismiss} />}
    >
      <p>{t('common.config.intro')}</p>
      <ul>
        {warnings.map((w) => (
          <li key={`${w.key}:${w.problem}`}>{configWarningText(w, t)}</li>
        ))}
      </ul>
    </Alert>
  );
}
