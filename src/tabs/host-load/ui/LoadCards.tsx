/** CPU, memory and load average: the current value and a sparkline of the recent samples. */
import { Card, CardBody, CardTitle } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { formatBytes } from '../../hosts/domain/hostLoad';
import { useMessages } from '../../../messages/catalogue';
import type { HostLoadData, LoadSample } from '../domain/useHostLoad';
import { Sparkline } from './Sparkline';

function series(history: readonly LoadSample[], key: 'cpu' | 'memory' | 'loadAvg5m'): number[] {
  return history.flatMap((s) => (s[key] !== undefined ? [s[key]] : []));
}

export function LoadCards({ data }: { data: HostLoadData }): ReactNode {
  const { t, locale } = useMessages();
  const pct = (v: number | undefined): string =>
    v === undefined ? t('hosts.load.unknown') : t('hosts.load.percent', { percent: Math.round(v) });
  const cards: {
    id: string;
    title: string;
    value: string;
    sub?: string;
    values: number[];
    max?: number;
  }[] = [
    {
      id: 'cpu',
      title: t('hosts.load.cpu'),
      value: pct(data.current.cpu),
      values: series(data.history, 'cpu'),
      max: 100,
    },
    {
      id: 'memory',
      title: t('hosts.load.memory'),
      value: pct(data.current.memory),
      ...(data.current.memoryUsed !== undefined && data.current.memoryTotal !== undefined
        ? {
            sub: t('hosts.load.memoryOf', {
              used: formatBytes(data.current.memoryUsed, locale),
              total: formatBytes(data.current.memoryTotal, locale),
            }),
          }
        : {}),
      values: series(data.history, 'memory'),
      max: 100,
    },
    {
      id: 'load',
      title: t('hosts.load.loadAvg'),
      value:
        data.current.loadAvg5m === undefined
          ? t('hosts.load.unknown')
          : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(
              data.current.loadAvg5m,
            ),
      values: series(data.history, 'loadAvg5m'),
    },
  ];
  return (
    <div className="oc-load-cards">
      {cards.map((c) => (
        <Card key={c.id} isCompact id={`oc-load-${c.id}`}>
          <CardTitle>{c.title}</CardTitle>
          <CardBody>
            <div className="oc-load-value">{c.value}</div>
            {c.sub ? <div className="oc-muted">{c.sub}</div> : null}
            {c.values.length > 1 ? (
              <Sparkline
                values={c.values}
                {...(c.max !== undefined ? { max: c.max } : {})}
                label={`${c.title}: ${t('hosts.load.history', { count: c.values.length })}`}
              />
            ) : (
              <div className="oc-muted">{t('hosts.load.noHistory')}</div>
            )}
          </CardBody>
        </Card>
      ))}
    </div>
  );
}
