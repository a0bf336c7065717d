/**
 * "Cancel migration" for an item of a migrate or evacuation operation (migrationCancel.ts): the
 * mark is stored before the one `cancelmigration` POST; the runner driving the operation follows
 * the VM back to its source host and records the item as cancelled. Loaded with the operations
 * panel and the migrate dialog, never with a page's first paint.
 */
import { useCallback } from 'react';
import { usePage } from '../pageContext';
import { operationsStore } from '../../../operations/operationsStore';

export function useCancelMigration(): (opId: string, vmId: string) => void {
  const { client } = usePage();
  return useCallback(
    (opId: string, vmId: string) => {
      // The sending code loads on the first click: no page pays for it up front.
      void import('../../../operations/migrationCancelSend').then(({ cancelMigration }) =>
        cancelMigration(
          {
            storage: window.sessionStorage,
            read: (id) => operationsStore.get(id),
            // Never retried: one POST per admin request.
            send: (id, correlationId) => client.vmCancelMigration(id, { correlationId }),
          },
          opId,
          vmId,
        ),
      );
    },
    [client],
  );
}
