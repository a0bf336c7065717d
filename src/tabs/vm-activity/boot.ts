/**
 * The Activity tab's entry (issue 14: fetch while the code loads): for the VM the hash names
 * (`#id=…`), starts the tab's first reads before React and PatternFly load, then loads the page.
 * A VM named only in WebAdmin's URL (`;name=…`) is looked up by the page itself, as before.
 * See shared/boot/earlyReads.ts.
 */
import { applyPageStyles } from '../shared/boot/pageStyles';
import { invalidEngineIds } from '../../rest/ids';
import { bootEnvironment, startEarlyRead } from '../shared/boot/earlyReads';
import { parseHash } from '../shared/hashParams';
import { vmActivityReads } from './domain/vmActivityReads';

const env = bootEnvironment();
const id = parseHash(window.location.hash).id ?? '';
if (env.kind === 'ready' && id !== '' && invalidEngineIds([id]).length === 0)
  for (const read of Object.values(vmActivityReads(env.client, id)))
    startEarlyRead(read.queryKey, () => read.queryFn({}));
// The page renders once its stylesheet is applied (pageStyles.ts).
void applyPageStyles().then(() => import('./main'));
