/**
 * The host page: WebAdmin loads plugin.html in a hidden iframe at startup. It registers the
 * handlers, calls `ready()`, and in `UiInit` adds the places and buttons. Framework-free and
 * tiny (≤ 4 KB gzip with everything it loads): the pages' React/PatternFly code loads only when
 * a place or dialog opens.
 *
 * Every handler is wrapped by `guard`: an exception escaping a handler makes WebAdmin mark the
 * plugin FAILED and stop calling it (§2.1).
 */
import {
  addDetailPlace,
  addMainPlace,
  closeDialog,
  configObject,
  guard,
  registerAndReady,
  selectedEntities,
  setPlaceContentUrl,
} from '../plugin-api/pluginApi';
import type { EventHandlers } from '../plugin-api/pluginApi';
import { DIALOG_TOKENS, PLACE_TOKENS, pageUrl } from '../plugin-api/pages';
import type { PageId } from '../plugin-api/pages';
import { hostPageTexts } from '../messages/hostPage';
import type { HostPageTexts } from '../messages/hostPage';
import { addHostButtons, addVmButtons } from './buttons';
import { openDialog } from './dialogs';
import { parseHostMessage } from '../plugin-api/hostMessages';
import { returnAfterReload } from './reloadPlace';

/**
 * Points a detail place at the first selected entity by changing only the URL hash (a
 * same-document navigation, so the page keeps its state and does not reload). Repeated
 * selection events for the same entity are dropped.
 */
function detailFollower(token: string, page: PageId): (...args: unknown[]) => void {
  let current: string | undefined;
  return (...args: unknown[]) => {
    const id = selectedEntities(args)[0]?.id ?? '';
    if (id === current) return;
    current = id;
    setPlaceContentUrl(token, pageUrl(page, id ? { id } : {}));
  };
}

/** Is `source` one of our origin's windows? WebAdmin already filters by origin; this is belt and braces. */
function sameOrigin(win: Window, source: unknown): boolean {
  try {
    return (source as Window | undefined)?.location.origin === win.location.origin;
  } catch {
    return false;
  }
}

/** `texts`: WebAdmin's locale's (main.ts loads them; see loadHostPageTexts), English by default. */
export function createHandlers(win: Window, texts: HostPageTexts = hostPageTexts()): EventHandlers {
  return {
    UiInit: guard(
      'UiInit',
      () => {
        // Primary vs Compute: see config/ops-center-config.json (`placeUnderCompute`). Only this
        // key matters here, so the host page reads it alone and leaves validating the whole
        // config (and its warning banner) to the pages: readConfig's table would cost ~0.5 KB of
        // startup. Anything but `true` is the default, as readConfig decides too.
        const config: unknown = configObject();
        addMainPlace(
          texts.mainPlace,
          PLACE_TOKENS.main,
          pageUrl('main'),
          (config as { placeUnderCompute?: unknown } | null)?.placeUnderCompute === true,
          {
            priority: 10,
            icon: 'fa-tasks',
          },
        );
        addDetailPlace(
          'VirtualMachine',
          texts.vmActivity,
          PLACE_TOKENS.vmActivity,
          pageUrl('vmActivity'),
          {
            priority: 20,
          },
        );
        addDetailPlace('Host', texts.hostLoad, PLACE_TOKENS.hostLoad, pageUrl('hostLoad'), {
          priority: 20,
        });
        addDetailPlace(
          'Cluster',
          texts.clusterBalance,
          PLACE_TOKENS.clusterBalance,
          pageUrl('clusterBalance'),
          { priority: 20 },
        );
        addVmButtons(texts);
        addHostButtons(texts);
        returnAfterReload(win.top);
      },
      undefined,
    ),
    VirtualMachineSelectionChange: guard(
      'VirtualMachineSelectionChange',
      detailFollower(PLACE_TOKENS.vmActivity, 'vmActivity'),
      undefined,
    ),
    HostSelectionChange: guard(
      'HostSelectionChange',
      detailFollower(PLACE_TOKENS.hostLoad, 'hostLoad'),
      undefined,
    ),
    ClusterSelectionChange: guard(
      'ClusterSelectionChange',
      detailFollower(PLACE_TOKENS.clusterBalance, 'clusterBalance'),
      undefined,
    ),
    // Nothing to do per login yet, but registering it documents that the plugin is login-agnostic:
    // pages read the user and token from the API when they need them.
    UserLogin: guard('UserLogin', () => undefined, undefined),
    MessageReceived: guard(
      'MessageReceived',
      (data: unknown, source?: unknown) => {
        const message = parseHostMessage(data);
        if (!message || !sameOrigin(win, source)) return;
        if (message.type === 'close-dialog') closeDialog(DIALOG_TOKENS[message.dialog]);
        // The drift view opens from Ops Center's own Hosts view only.
        else if (message.dialog !== 'hostDrift')
          openDialog(texts, message.dialog, message.ids, message.action);
      },
      undefined,
    ),
  };
}

/** Registers, allows messages from our own origin only, and reports ready. */
export function startHostPage(win: Window, texts?: HostPageTexts): boolean {
  return registerAndReady(createHandlers(win, texts), [win.location.origin]);
}
