import express from 'express';
import nunjucks from 'nunjucks';
import { loadConfig } from '../src/config.ts';
import { SAVE_FOR_LATER_FIELD, saveForLaterUrl, type QuestionStep } from '../src/engine/journey.ts';
import { journeyTranslator } from '../src/engine/journey-translator.ts';
import { questionModel, stepTitle } from '../src/engine/page-models.ts';
import type { Translator } from '../src/engine/types.ts';
import { createIrmJourney } from '../src/journeys/irm/index.ts';
import { createWorkingDayCalendar } from '../src/rules/working-days.ts';
import { ASSET_PATH, ASSET_VERSION } from '../src/web/assets.ts';
import { DEFAULT_LANGUAGE, hasTranslation, languageLinks, translator } from '../src/web/i18n.ts';
import { addLayoutParts } from '../src/web/layout-parts.ts';
import { PAGE_PATHS } from '../src/web/pages.ts';
import { expiredUrl, SESSION_PATHS } from '../src/web/session-timeout.ts';
import { configureViews, GOVUK_FRONTEND_DIST } from '../src/web/views.ts';
import { GOVUK_CEILING_PATH, NEXT_PATH, POST_PATH } from './scenario.ts';

/**
 * The ceilings for the benchmark: a bare express 5 app that renders the same
 * GOV.UK question page as the service's GET of the address step, two ways.
 * No session, no database, no security headers, no logging, no body parsing.
 *
 * - `NEXT_PATH`, the service's views: the same nunjucks templates from views/
 *   and govuk-frontend (compiled once and cached, as in production) from a
 *   view model built once at start-up by the engine's own page-model
 *   functions, so the HTML is the service's page byte for byte but for the
 *   CSP nonce and CSRF token (bench/run.ts checks this before measuring). It
 *   still pays for the service's templates and its translator at render time.
 * - `GOVUK_CEILING_PATH`, the honest ceiling: the page straight from
 *   govuk-frontend's template and macros (bench/ceiling-views/question.njk),
 *   every word and parameter worked out at start-up. Its HTML is the same but
 *   for whitespace (bench/run.ts checks this too).
 */

const lang = DEFAULT_LANGUAGE;
const t = translator(lang);
const journey = createIrmJourney({ calendar: createWorkingDayCalendar() });
const engineT: Translator = journeyTranslator(
  Object.assign((key: string, options?: Record<string, unknown>) => t(key, options), {
    exists: (key: string) => hasTranslation(lang, key),
    lang,
  }),
  journey.namespace ?? journey.id,
);
const stepId = NEXT_PATH.split('/').at(-1);
const step = journey.steps.find((s): s is QuestionStep => s.id === stepId && s.kind === 'question');
if (!step) throw new Error(`${NEXT_PATH} is not a question step`);

// The service's defaults, as the benchmark runs it (its session length and warning, the contact details).
const config = loadConfig({});
const model = questionModel(step, {}, engineT);
const viewModel = {
  // What the service's router passes for a first visit to the step...
  pageTitle: stepTitle(step, engineT),
  backLink: POST_PATH,
  formAction: NEXT_PATH,
  caption: step.section ? engineT(`journey:sections.${step.section}`) : undefined,
  stepId: step.id,
  saveForLaterField: SAVE_FOR_LATER_FIELD,
  saveForLaterUrl: `${saveForLaterUrl(journey)}?return=${encodeURIComponent(NEXT_PATH)}`,
  ...model,
  hasErrors: false,
  // ...and what its middleware puts in res.locals.
  lang,
  htmlLang: lang,
  t: engineT,
  languageLinks: languageLinks(NEXT_PATH, lang),
  csrfToken: 'ceiling-static-csrf-token',
  cspNonce: 'ceiling-static-nonce',
  sessionTimeout: {
    idleMinutes: config.sessionMaxAgeMinutes,
    warningSeconds: config.sessionWarningSeconds,
    warningMinutes: Math.max(1, Math.round(config.sessionWarningSeconds / 60)),
    // A session that has just been used: its idle time, less the minute the session store may lag (SessionStore's touchAfterMs).
    secondsLeft: config.sessionMaxAgeMinutes * 60 - 60,
    extendUrl: SESSION_PATHS.extend,
    statusUrl: SESSION_PATHS.status,
    expiredUrl: expiredUrl(lang),
    comeBackLaterUrl: `${SESSION_PATHS.comeBackLater}?return=${encodeURIComponent(NEXT_PATH)}`,
  },
};

const { contact } = config;
const app = express();
const views = configureViews(app, { isProduction: true });
Object.assign(app.locals, { assetPath: ASSET_PATH, assetVersion: ASSET_VERSION, contact, paths: PAGE_PATHS });
addLayoutParts(views, app.locals);

app.get(NEXT_PATH, (_req, res) => {
  res.render('engine/question.njk', viewModel);
});

// The honest ceiling: govuk-frontend's own templates only, nothing to translate at render time.
const bare = new nunjucks.Environment(new nunjucks.FileSystemLoader([new URL('./ceiling-views/', import.meta.url).pathname, GOVUK_FRONTEND_DIST]), {
  autoescape: true,
});
const [address] = model.fields;
if (address?.kind !== 'address') throw new Error(`${NEXT_PATH} is not the address question any more: update bench/ceiling-views/question.njk`);
const addressParams = address.params as { fieldset: Record<string, unknown>; inputs: Array<Record<string, unknown>> };
/** A sentence with a link in it, as views/partials/link-text.njk makes it (once, here). */
const linkText = (before: string, text: string, href: string, after: string, classes = 'govuk-link', rel = ''): string =>
  bare.renderString('{{ before }}<a class="{{ classes }}" href="{{ href }}"{% if rel %} rel="{{ rel }}"{% endif %}>{{ text }}</a>{{ after }}', {
    before,
    text,
    href,
    after,
    classes,
    rel,
  });
const assets = `${ASSET_PATH}/${ASSET_VERSION}`;
const page = {
  lang,
  title: `${viewModel.pageTitle} – ${t('service.name')} – ${t('layout.titleSuffix')}`,
  stylesheets: [`${assets}/govuk-frontend.min.css`, `${assets}/session-timeout.css`],
  script: `${assets}/init.mjs`,
  skipLink: { href: '#main-content', text: t('layout.skipLink') },
  header: { homepageUrl: 'https://www.gov.uk/' },
  serviceNavigation: { serviceName: t('service.name'), serviceUrl: PAGE_PATHS.start, ariaLabel: t('layout.serviceInformation') },
  languageNavigation: { ariaLabel: t('languageNavigation.label'), items: languageLinks(NEXT_PATH, lang) },
  phaseBanner: {
    tag: { text: t('layout.phaseBanner.tag') },
    html: linkText(t('layout.phaseBanner.before'), t('layout.phaseBanner.link'), PAGE_PATHS.contact, t('layout.phaseBanner.after')),
  },
  backLink: { href: POST_PATH, text: t('layout.back') },
  caption: viewModel.caption,
  formAction: NEXT_PATH,
  fieldset: addressParams.fieldset,
  inputs: addressParams.inputs,
  button: { text: engineT('engine:continue'), preventDoubleClick: true },
  saveForLater: {
    text: engineT('engine:saveForLater'),
    classes: 'govuk-button--secondary',
    name: SAVE_FOR_LATER_FIELD,
    value: 'yes',
    preventDoubleClick: true,
  },
  sessionTimeout: {
    ...viewModel.sessionTimeout,
    limit: t('sessionTimeout.limitWithSave', { minutes: viewModel.sessionTimeout.idleMinutes }),
    heading: t('sessionTimeout.dialog.heading'),
    warning: t('sessionTimeout.dialog.warning', { count: viewModel.sessionTimeout.warningMinutes }),
    startAgain: t('sessionTimeout.dialog.startAgainWithSave'),
    stay: t('sessionTimeout.dialog.stay'),
    comeBackLater: t('sessionTimeout.dialog.comeBackLater'),
    comeBackLaterUrl: viewModel.saveForLaterUrl,
  },
  footer: {
    meta: {
      visuallyHiddenTitle: t('layout.footer.supportLinks'),
      items: [
        { href: PAGE_PATHS.accessibility, text: t('layout.footer.accessibility') },
        { href: PAGE_PATHS.cookies, text: t('layout.footer.cookies') },
        { href: PAGE_PATHS.privacy, text: t('layout.footer.privacy') },
        { href: PAGE_PATHS.contact, text: t('layout.footer.contact') },
      ],
    },
    contentLicence: {
      html: linkText(
        t('layout.footer.licenceBefore'),
        t('layout.footer.licenceLink'),
        'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
        t('layout.footer.licenceAfter'),
        'govuk-footer__link',
        'license',
      ),
    },
    copyright: { text: t('layout.footer.copyright') },
  },
};

app.get(GOVUK_CEILING_PATH, (_req, res) => {
  res.type('html').send(bare.render('question.njk', { page, csrfToken: viewModel.csrfToken, cspNonce: viewModel.cspNonce }));
});

// bench/server-process.ts gives it a free port on loopback.
app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
