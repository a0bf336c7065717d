/**
 * When the VM view's toolbar enables each action: the rule WebAdmin's Ops Center buttons follow
 * too (src/host-page/buttons.ts, on WebAdmin's status names; both are tested against
 * `vmActionApplies`). An action is enabled when at least one selected VM can take it; the
 * confirmation lists the others as skipped, with the reason. Safe clone takes exactly one VM.
 */
import { vmActionApplies } from '../../../operations/vmActions';
import type { VmAction } from '../../../operations/vmActions';

export function toolbarActionEnabled(
  action: VmAction | 'clone',
  selected: readonly { status: string }[],
): boolean {
  if (action === 'clone') return selected.length === 1;
  return selected.some((vm) => vmActionApplies(action, vm.status).applies);
}
