/**
 * The Clusters › Balance tab's entry: loads the page once its stylesheet is applied. No early
 * reads: the balance view's first request (the clusters) is the same as the main place's, and
 * the rest depend on it.
 */
import { applyPageStyles } from '../shared/boot/pageStyles';

void applyPageStyles().then(() => import('./main'));
