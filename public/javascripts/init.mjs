// Served from /assets/<version>/ next to govuk-frontend's bundle, so the
// relative import picks up the same release of both files.
import { createAll, initAll } from './govuk-frontend.min.js';
import { SessionTimeout } from './session-timeout.mjs';

initAll();
createAll(SessionTimeout);

// The autocomplete (and its stylesheets) only on pages with a select to enhance.
if (document.querySelector('[data-module="app-select-autocomplete"]')) {
  import('./select-autocomplete.mjs')
    .then(({ SelectAutocomplete }) => createAll(SelectAutocomplete))
    .catch(() => {
      // The plain select still works.
    });
}
