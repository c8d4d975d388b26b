import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import { GOVUK_FRONTEND_DIST } from './views.ts';

/**
 * Static files, all under /assets:
 * - /assets/fonts, /assets/images, /assets/manifest.json: govuk-frontend's own
 *   (its CSS refers to /assets/fonts/… by absolute path);
 * - /assets/<version>/…: the stylesheets, govuk-frontend's JS and our own
 *   (init.mjs, session-timeout.mjs, select-autocomplete.mjs), and
 *   accessible-autocomplete's JS and CSS (loaded by select-autocomplete.mjs
 *   only on pages with a select to enhance),
 *   whose names carry no hash, so the version in the path is what lets them be
 *   cached for a year;
 * - anything else in public/ at /assets/….
 */

export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
export const ASSET_PATH = '/assets';

const GOVUK_DIR = path.join(GOVUK_FRONTEND_DIST, 'govuk');
const AUTOCOMPLETE_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('accessible-autocomplete/package.json')), 'dist');
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const VERSIONED_FILES: Record<string, string> = {
  'govuk-frontend.min.css': path.join(GOVUK_DIR, 'govuk-frontend.min.css'),
  'govuk-frontend.min.css.map': path.join(GOVUK_DIR, 'govuk-frontend.min.css.map'),
  'govuk-frontend.min.js': path.join(GOVUK_DIR, 'govuk-frontend.min.js'),
  'govuk-frontend.min.js.map': path.join(GOVUK_DIR, 'govuk-frontend.min.js.map'),
  'init.mjs': path.join(PUBLIC_DIR, 'javascripts', 'init.mjs'),
  'session-timeout.mjs': path.join(PUBLIC_DIR, 'javascripts', 'session-timeout.mjs'),
  'session-timeout.css': path.join(PUBLIC_DIR, 'stylesheets', 'session-timeout.css'),
  'select-autocomplete.mjs': path.join(PUBLIC_DIR, 'javascripts', 'select-autocomplete.mjs'),
  'select-autocomplete.css': path.join(PUBLIC_DIR, 'stylesheets', 'select-autocomplete.css'),
  'accessible-autocomplete.min.js': path.join(AUTOCOMPLETE_DIR, 'accessible-autocomplete.min.js'),
  'accessible-autocomplete.min.js.map': path.join(AUTOCOMPLETE_DIR, 'accessible-autocomplete.min.js.map'),
  'accessible-autocomplete.min.css': path.join(AUTOCOMPLETE_DIR, 'accessible-autocomplete.min.css'),
  'accessible-autocomplete.min.css.map': path.join(AUTOCOMPLETE_DIR, 'accessible-autocomplete.min.css.map'),
};

/** Changes whenever any versioned file's bytes do. */
export const ASSET_VERSION = (() => {
  const hash = createHash('sha256');
  for (const [name, file] of Object.entries(VERSIONED_FILES)) hash.update(name).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
})();

export function staticAssets(): Router {
  const router = express.Router();

  router.get(`${ASSET_PATH}/:version/:file`, (req, res, next) => {
    const file = VERSIONED_FILES[req.params.file];
    if (!file) {
      next();
      return;
    }
    // A page from the previous release may still ask for its version during a
    // deploy: give it today's file, but do not let anyone keep it.
    const current = req.params.version === ASSET_VERSION;
    res.sendFile(file, {
      maxAge: current ? YEAR_MS : 0,
      immutable: current,
      headers: current ? {} : { 'Cache-Control': 'no-cache' },
    });
  });

  const govukAssets = path.join(GOVUK_DIR, 'assets');
  // Font file names carry a content hash.
  router.use(`${ASSET_PATH}/fonts`, express.static(path.join(govukAssets, 'fonts'), { maxAge: YEAR_MS, immutable: true, index: false }));
  router.use(ASSET_PATH, express.static(govukAssets, { maxAge: DAY_MS, index: false }));
  router.use(ASSET_PATH, express.static(PUBLIC_DIR, { maxAge: DAY_MS, index: false }));
  return router;
}
