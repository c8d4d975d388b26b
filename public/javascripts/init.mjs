// Served from /assets/<version>/ next to govuk-frontend's bundle, so the
// relative import picks up the same release of both files.
import { createAll, initAll } from './govuk-frontend.min.js';
import { SessionTimeout } from './session-timeout.mjs';

initAll();
createAll(SessionTimeout);
