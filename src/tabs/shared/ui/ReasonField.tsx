/**
 * A reason the engine records in its events: host maintenance (required when the cluster says
 * so: the dialog cannot be confirmed without it, offered otherwise), VM shutdown / power off
 * (offered on `optional_reason` clusters). Plain form markup styled with PatternFly's tokens: PatternFly's
 * form components here would split chunks the main place shares (see scripts/pageWeight.ts).
 */
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import './reasonField.css';

export function ReasonField({
  id,
  value,
  required,
  missing,
  onChange,
}: {
  id: string;
  value: string;
  required: boolean;
  missing: boolean;
  onChange: (value: string) => void;
}): ReactNode {
  const { t } = useMessages();
  return (
    <div className="oc-reason">
      <div>
        <label className="oc-reason-label" htmlFor={id}>
          <span>{t('hosts.reason.label')}</span>
          {required ? (
            <span className="oc-reason-required" aria-hidden="true">
              {' *'}
            </span>
          ) : null}
        </label>
      </div>
      <div>
        <span>
          <input
            id={id}
            className={`oc-reason-input${missing ? ' oc-reason-input-missing' : ''}`}
            type="text"
            value={value}
            required={required}
            aria-invalid={missing}
            aria-describedby={`${id}-help`}
            maxLength={4000}
            onChange={(e) => {
              onChange(e.target.value);
            }}
          />
        </span>
        <p id={`${id}-help`} className={`oc-reason-help${missing ? ' oc-reason-missing' : ''}`}>
          {missing
            ? t('hosts.reason.missing')
            : required
              ? t('hosts.reason.required')
              : t('hosts.reason.optional')}
        </p>
      </div>
    </div>
  );
}
