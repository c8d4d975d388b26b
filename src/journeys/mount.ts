import type { Request, RequestHandler, Router } from 'express';
import { fieldNames, type Journey } from '../engine/journey.ts';
import { resolveJourneyKey } from '../engine/journey-translator.ts';
import { formBodyLimit } from '../engine/form-body-limit.ts';
import { questionPageUrls } from '../engine/page-models.ts';
import { createJourneyRouter } from '../engine/router.ts';
import type { Translator } from '../engine/types.ts';
import { validateJourney } from '../engine/validate-journey.ts';
import { todayInLondon } from '../dates/calendar-date.ts';
import { hasTranslation, LANGUAGES, type Language } from '../web/i18n.ts';
import type { JourneyDefinition, JourneyServices } from './definition.ts';

export interface MountOptions {
  /** The clock; tests pass a fixed one. */
  readonly now: () => Date;
  /** Middleware for every journey page (e.g. Cache-Control: no-store). */
  readonly pageMiddleware?: RequestHandler[];
  /** Where the back link of each journey's first step goes. */
  readonly startPageUrl: string;
  /**
   * The save-and-return pages for a journey that asks for "Save and come back
   * later" (its `saveForLater`); journeys that do not ask get none.
   */
  readonly saveAndReturn?: (journey: Journey) => Router;
}

export interface MountedJourneys {
  readonly routers: Router[];
  /** For createApp's `csrf.deferMultipart`: requests that check their own CSRF token. */
  readonly checksOwnCsrf: (req: Request) => boolean;
  /** For createApp's `linkRouters`: pages reached from emailed links. */
  readonly linkRouters: Router[];
  /** For createApp's `csrf.linkForms`: their forms. */
  readonly linkForms: (req: Request) => boolean;
  /** For createApp's `linkPaths`: where the links are. */
  readonly linkPaths: string[];
  /**
   * For createApp's `forms`: the body limit that lets every question page be
   * sent with each field at its maximum, and the question pages, which show a
   * form over it as an error on the page.
   */
  readonly forms: { readonly limit: number; readonly keepsTooLarge: (req: Request) => boolean };
}

function requestTranslator(req: Request): Translator {
  const lang: Language = req.lang;
  return Object.assign((key: string, options?: Record<string, unknown>) => req.t(key, options), {
    exists: (key: string) => hasTranslation(lang, key),
    lang,
  });
}

/** Two journeys may not share an id, a base path, a namespace or a field name. */
function clashes(built: ReadonlyArray<{ definition: JourneyDefinition; fields: readonly string[] }>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { definition, fields } of built) {
    const claims = [
      ['id', definition.id],
      ['base path', definition.basePath],
      ['namespace', definition.namespace],
      ...fields.map((name) => ['field', name] as const),
    ] as const;
    for (const [what, value] of claims) {
      const owner = seen.get(`${what} ${value}`);
      if (owner && owner !== definition.id) problems.push(`journey '${definition.id}': ${what} '${value}' is already journey '${owner}'s`);
      seen.set(`${what} ${value}`, definition.id);
    }
  }
  return problems;
}

/**
 * Builds every registered journey, checks each (and all of them together) at
 * start-up, and gives back their routers: a broken definition stops the
 * service, naming the journey and the step.
 */
export function mountJourneys(definitions: readonly JourneyDefinition[], services: JourneyServices, options: MountOptions): MountedJourneys {
  const built = definitions.map((definition) => {
    const journey = definition.build(services);
    const { id, basePath, namespace } = journey.journey;
    if (id !== definition.id || basePath !== definition.basePath || namespace !== definition.namespace) {
      throw new Error(`Journey '${definition.id}' built a journey with a different id, base path or namespace`);
    }
    return { definition, journey, fields: fieldNames(journey.journey) };
  });
  const problems = clashes(built);
  if (problems.length > 0) throw new Error(`The journeys clash:\n- ${problems.join('\n- ')}`);

  const today = () => todayInLondon(options.now());
  const routers: Router[] = [];
  const ownCsrf: Array<(req: Request) => boolean> = [];
  const linkRouters: Router[] = [];
  const linkForms: Array<(req: Request) => boolean> = [];
  const linkPaths: string[] = [];
  const journeys = built.map(({ journey }) => journey.journey);
  const questionPages = new Set(journeys.flatMap(questionPageUrls));
  for (const {
    definition,
    journey: { journey, submissions, routers: own, checksOwnCsrf, linkPages },
  } of built) {
    validateJourney(journey, {
      languages: LANGUAGES,
      hasTranslation: (lang, key) => {
        const exists = (k: string) => hasTranslation(lang, k);
        return exists(resolveJourneyKey(key, definition.namespace, exists));
      },
    });
    if (journey.saveForLater) {
      if (!options.saveAndReturn) throw new Error(`Journey '${definition.id}' asks for "Save and come back later", which this service was built without`);
      routers.push(options.saveAndReturn(journey));
    }
    routers.push(
      ...(own ?? []),
      createJourneyRouter({
        journey,
        drafts: services.drafts,
        submissions,
        today,
        translator: requestTranslator,
        pageMiddleware: options.pageMiddleware,
        startPageUrl: options.startPageUrl,
      }),
    );
    if (checksOwnCsrf) ownCsrf.push(checksOwnCsrf);
    if (linkPages) {
      linkRouters.push(linkPages.router);
      linkForms.push(linkPages.forms);
      linkPaths.push(linkPages.path);
    }
  }
  return {
    routers,
    checksOwnCsrf: (req) => ownCsrf.some((check) => check(req)),
    linkRouters,
    linkForms: (req) => linkForms.some((check) => check(req)),
    linkPaths,
    forms: { limit: formBodyLimit(journeys), keepsTooLarge: (req) => req.method === 'POST' && questionPages.has(req.path) },
  };
}
