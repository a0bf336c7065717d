/**
 * The maintenance reason: required when the cluster says so (the dialog cannot be confirmed
 * without it), offered otherwise. Plain form markup in PatternFly's classes: the PatternFly
 * form components here would split chunks the main place shares (see scripts/pageWeight.ts).
 */
import type { ReactNode } from 'react';
import { useMessages } from '../../../../messages/catalogue';

export function ReasonField({
  value,
  required,
  missing,
  onChange,
}: {
  value: string;
  required: boolean;
  missing: boolean;
  onChange: (value: string) => void;
}): ReactNode {
  const { t } = useMessages();
  return (
    <div className="pf-v6-c-form__group oc-evac-reason">
      <div className="pf-v6-c-form__group-label">
        <label className="pf-v6-c-form__label" htmlFor="oc-evac-reason">
          <span className="pf-v6-c-form__label-text">{t('hosts.reason.label')}</span>
          {required ? (
            <span className="pf-v6-c-form__label-required" aria-hidden="true">
              {' *'}
            </span>
          ) : null}
        </label>
      </div>
      <div className="pf-v6-c-form__group-control">
        <span className={`pf-v6-c-form-control${missing ? ' pf-m-error' : ''}`}>
          <input
            id="oc-evac-reason"
            type="text"
            value={value}
            required={required}
            aria-invalid={missing}
            aria-describedby="oc-evac-reason-help"
            maxLength={4000}
            onChange={(e) => {
              onChange(e.target.value);
            }}
          />
        </span>
        <p
          id="oc-evac-reason-help"
          className={`oc-evac-reason-help${missing ? ' oc-evac-reason-missing' : ''}`}
        >
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
