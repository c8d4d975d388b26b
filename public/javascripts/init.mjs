// Served from /assets/<version>/ next to govuk-frontend's bundle, so the
// relative import picks up the same release of both files.
import { initAll } from './govuk-frontend.min.js';

initAll();
