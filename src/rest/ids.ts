/**
 * The engine's id shape. Every engine id (VM, host, cluster, job, …) is a UUID; nothing else may
 * enter a by-id read, a dialog's URL hash or a message between our frames. A value like `*` or
 * `x or name=*` would otherwise be spliced into a search and widen it to the whole fleet.
 *
 * @example
 *   isEngineId('6f1c0b7e-2d7a-4c1e-9a57-0d7f3b8e1a22') // true
 *   assertEngineIds(['*'])                              // throws InvalidIdError
 */

const ENGINE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isEngineId(value: unknown): value is string {
  return typeof value === 'string' && ENGINE_ID.test(value);
}

/** Thrown when a value that should be an engine id is not one; `ids` are the refused values. */
export class InvalidIdError extends Error {
  override readonly name = 'InvalidIdError';
  readonly ids: readonly string[];
  constructor(ids: readonly string[]) {
    const shown = ids
      .slice(0, 3)
      .map((id) => JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id))
      .join(', ');
    super(`Not an engine id: ${shown}${ids.length > 3 ? ` and ${ids.length - 3} more` : ''}`);
    this.ids = ids;
  }
}

/** The values that are not engine ids (empty when all are). */
export function invalidEngineIds(values: readonly unknown[]): string[] {
  return values.filter((v) => !isEngineId(v)).map((v) => String(v));
}

/** Throws `InvalidIdError` unless every value is an engine id. */
export function assertEngineIds(values: readonly unknown[]): asserts values is readonly string[] {
  const bad = invalidEngineIds(values);
  if (bad.length > 0) throw new InvalidIdError(bad);
}
