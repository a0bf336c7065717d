/**
 * Reading host and VM view models for the host views: byte formatting here; load percentages
 * and the planner's input live in the operations layer (`planInputFromEngine.ts`), re-exported.
 */
export {
  evacuationInput,
  hostLoad,
  plannerHost,
  plannerVm,
  type HostLoad,
} from '../../../operations/planInputFromEngine';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1.5 GiB style, in the page locale. */
export function formatBytes(bytes: number, locale?: string): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(
    value,
  );
  return `${bytes < 0 ? '−' : ''}${text} ${UNITS[unit] ?? ''}`;
}
