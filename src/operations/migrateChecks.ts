/**
 * Migration refusals the engine states up front, decided before anything is sent so the
 * confirmation lists them as skipped with the reason (instead of "will be sent", refused, then
 * offered "Retry failed"):
 *
 * - `pinnedToHost`: migration mode "Do not allow migration" (`placement_policy.affinity=pinned`;
 *   the engine: "Cannot migrate VM. VM is pinned to Host.");
 * - `onlyThisHost`: its `placement_policy.hosts` names no host but the one it runs on (the
 *   engine's PinToHost filter leaves no destination);
 * - `targetNotAllowed`: the chosen destination is not in its `placement_policy.hosts`;
 * - `noTarget`: the engine's own `migration_target_of` offers no host for it.
 */
import { runPool } from './runnerKit';
import type { SkipReason } from './vmActions';

export interface MigrateCandidate {
  id: string;
  hostId?: string;
  placementAffinity?: string;
  placementHostIds?: readonly string[];
}

export function migrateSkip(
  vm: MigrateCandidate,
  options: { targetHostId?: string; noTargetIds?: ReadonlySet<string> } = {},
): SkipReason | undefined {
  if (vm.placementAffinity === 'pinned') return 'pinnedToHost';
  const allowed = vm.placementHostIds ?? [];
  if (allowed.length > 0) {
    if (allowed.every((h) => h === vm.hostId)) return 'onlyThisHost';
    if (options.targetHostId !== undefined && !allowed.includes(options.targetHostId))
      return 'targetNotAllowed';
  }
  if (options.noTargetIds?.has(vm.id)) return 'noTarget';
  return undefined;
}

/** The VMs with their up-front refusal (`skip`) set for a migration; others unchanged. */
export function withMigrateSkips<T extends MigrateCandidate>(
  vms: readonly T[],
  options: { targetHostId?: string; noTargetIds?: ReadonlySet<string> } = {},
): (T & { skip?: SkipReason })[] {
  return vms.map((vm) => {
    const skip = migrateSkip(vm, options);
    return skip === undefined ? vm : { ...vm, skip };
  });
}

/** At most this many VMs are asked about one by one (one `migration_target_of` request each). */
export const PER_VM_TARGET_CHECK_LIMIT = 50;

/**
 * When no single host takes every selected VM, asks the engine about each VM alone (bounded
 * concurrency) and returns the ids it offers no host for. Undefined when the selection is too
 * large to ask VM by VM.
 */
export async function vmsWithoutTarget(
  ids: readonly string[],
  targetsOf: (ids: readonly string[]) => Promise<readonly unknown[]>,
  options: { concurrency?: number; aborted?: () => boolean } = {},
): Promise<Set<string> | undefined> {
  if (ids.length > PER_VM_TARGET_CHECK_LIMIT) return undefined;
  const none = new Set<string>();
  await runPool(
    ids.map((id) => async () => {
      if ((await targetsOf([id])).length === 0) none.add(id);
    }),
    options.concurrency ?? 4,
    options.aborted ?? (() => false),
  );
  return none;
}
