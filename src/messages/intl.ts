/**
 * Numbers, percentages, durations and relative times in WebAdmin's locale, through `Intl`
 * (no hard-coded English formats in the pages). Sizes: `formatBytes` in hosts/domain/hostLoad.
 *
 * @example
 *   formatDuration(3 * 3600 + 120, 'de-DE') // "3 Std. 2 Min."
 *   formatPercent(42.4, 'fr-FR')            // "42 %"
 */
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, options);
    } catch {
      f = new Intl.NumberFormat('en-US', options);
    }
    cache.set(key, f);
  }
  return f;
}

/** 0–100 → `42 %` / `42%` as the locale writes it. */
export function formatPercent(value: number, locale: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

const unit = (n: number, u: string, locale: string): string =>
  numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(n);

/** `3d 4h`, `5h 2m`, `42s` in English; the locale's own short units elsewhere. */
export function formatDuration(seconds: number, locale = 'en-US'): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${unit(d, 'day', locale)} ${unit(h, 'hour', locale)}`;
  if (h > 0) return `${unit(h, 'hour', locale)} ${unit(m, 'minute', locale)}`;
  if (m > 0) return `${unit(m, 'minute', locale)} ${unit(s % 60, 'second', locale)}`;
  return unit(s, 'second', locale);
}

/** `5 minutes ago` / `vor 5 Minuten`: the largest whole unit of `then - now`. */
export function formatRelativeTime(then: number, now: number, locale: string): string {
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}
