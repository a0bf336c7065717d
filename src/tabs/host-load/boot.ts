/**
 * The Load & VMs tab's entry (issue 14: fetch while the code loads): for the host the hash names
 * (`#id=…`), starts the host, NIC and network reads before React and PatternFly load, then loads
 * the page. A host named only in WebAdmin's URL (`;name=…`) is looked up by the page itself.
 * See shared/boot/earlyReads.ts.
 */
import { applyPageStyles } from '../shared/boot/pageStyles';
import { invalidEngineIds } from '../../rest/ids';
import { bootEnvironment, startEarlyRead } from '../shared/boot/earlyReads';
import { parseHash } from '../shared/hashParams';
import { hostLoadReads } from './domain/hostLoadReads';

const env = bootEnvironment();
const id = parseHash(window.location.hash).id ?? '';
if (env.kind === 'ready' && id !== '' && invalidEngineIds([id]).length === 0)
  for (const read of Object.values(hostLoadReads(env.client, id)))
    startEarlyRead(read.queryKey, () => read.queryFn({}));
// The page renders once its stylesheet is applied (pageStyles.ts).
void applyPageStyles().then(() => import('./main'));
