import { mountPage } from '../shared/mountPage';
import { OpsCenterPage } from './OpsCenterPage';
import { adoptLinkedState } from './placeLink';

// Opened from a copied link (`#ops-center;state=…` in WebAdmin's URL): start with its search.
adoptLinkedState();
mountPage(<OpsCenterPage />);
