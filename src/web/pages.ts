import express, { type Router } from 'express';
import type { Config } from '../config.ts';
import { languageCookieName } from './i18n.ts';
import { preSessionCookieName } from './pre-session-token.ts';
import { sessionCookieName } from './session.ts';

/** The service's own pages: the GOV.UK start page and the pages linked from the footer. */

export const PAGE_PATHS = {
  start: '/',
  accessibility: '/accessibility-statement',
  cookies: '/cookies',
  privacy: '/privacy-notice',
  contact: '/contact',
} as const;

/** Where the start page's button goes: the first question of the application. */
export const APPLY_PATH = '/apply';

export function pageRoutes(config: Config): Router {
  const router = express.Router();

  router.get(PAGE_PATHS.start, (_req, res) => {
    res.render('pages/start', { applyPath: APPLY_PATH, sessionMaxAgeMinutes: config.sessionMaxAgeMinutes, retentionDays: config.drafts.retentionDays });
  });
  router.get(PAGE_PATHS.accessibility, (_req, res) => {
    res.render('pages/accessibility-statement');
  });
  router.get(PAGE_PATHS.cookies, (_req, res) => {
    res.render('pages/cookies', {
      cookieName: sessionCookieName(config),
      languageCookieName: languageCookieName(config),
      formCookieName: preSessionCookieName(config),
      sessionMaxAgeMinutes: config.sessionMaxAgeMinutes,
    });
  });
  router.get(PAGE_PATHS.privacy, (_req, res) => {
    res.render('pages/privacy-notice', { retentionDays: config.drafts.retentionDays, sentRetentionDays: config.records.applicationDays });
  });
  router.get(PAGE_PATHS.contact, (_req, res) => {
    res.render('pages/contact');
  });

  return router;
}
