/**
 * "Live · last updated …" of the VM view, following each live poll without rendering React
 * (issue 14, memory): the line subscribes to the view's LiveClock and sets its own text. When the
 * last poll failed (a state change of the view, which re-renders), LiveStatus shows the warning.
 */
import { useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useMessages } from '../../../messages/catalogue';
import { LiveStatus, liveStatusText } from '../../shared/ui/LiveStatus';
import { useLiveClock } from '../domain/liveClock';
import type { LiveClock } from '../domain/liveClock';

interface Props {
  id: string;
  live: boolean;
  stale: boolean;
  clock: LiveClock;
  /** The last read's time, shown until the first poll. */
  lastRead: number | undefined;
}

export function LiveVmStatus(props: Props): ReactNode {
  return props.live && props.stale ? <StaleStatus {...props} /> : <PollingStatus {...props} />;
}

function StaleStatus({ id, live, clock, lastRead }: Props): ReactNode {
  const polled = useLiveClock(clock);
  return <LiveStatus id={id} live={live} stale lastUpdated={polled ?? lastRead} />;
}

function PollingStatus({ id, live, clock, lastRead }: Props): ReactNode {
  const { t, locale } = useMessages();
  const span = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const show = (): void => {
      const text = liveStatusText(t, locale, {
        live,
        stale: false,
        lastUpdated: clock.get() ?? lastRead,
      });
      if (span.current && span.current.textContent !== text) span.current.textContent = text;
    };
    show();
    return clock.subscribe(show);
  }, [t, locale, live, clock, lastRead]);
  return <span className="oc-muted" id={id} aria-live="off" ref={span} />;
}
