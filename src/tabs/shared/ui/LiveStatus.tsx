/**
 * "Live · Last updated 3:55 PM", or, when the last poll failed, that the figures are stale and
 * since when (issue 13 pt 4): a page must not say "Live" while it cannot reach the engine.
 */
import { Label } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import type { Translate } from '../../../messages/catalogue';

export interface LiveStatusProps {
  id?: string;
  /** The page is visible and polling. */
  live: boolean;
  /** The last poll failed: what is shown is as of `lastUpdated`. */
  stale: boolean;
  lastUpdated: number | undefined;
}

export function liveStatusText(
  t: Translate,
  locale: string,
  { live, stale, lastUpdated }: Omit<LiveStatusProps, 'id'>,
): string {
  const time = lastUpdated !== undefined ? new Date(lastUpdated).toLocaleTimeString(locale) : '';
  if (live && stale) {
    return lastUpdated !== undefined
      ? t('common.live.staleSince', { time })
      : t('common.live.stale');
  }
  const head = live ? t('common.live.live') : t('common.live.paused');
  return lastUpdated !== undefined ? `${head} · ${t('common.live.lastUpdated', { time })}` : head;
}

export function LiveStatus(props: LiveStatusProps): ReactNode {
  const { t, locale } = useMessages();
  const text = liveStatusText(t, locale, props);
  if (props.live && props.stale) {
    return (
      <Label isCompact status="warning" id={props.id} data-stale="true">
        {text}
      </Label>
    );
  }
  return (
    <span className="oc-muted" id={props.id} aria-live="off">
      {text}
    </span>
  );
}
