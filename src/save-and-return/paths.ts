import { saveForLaterUrl, type Journey } from '../engine/journey.ts';

/** The save-and-return pages of a journey, under its base path (the engine reserves `save` and `return`). */
export interface SaveAndReturnPaths {
  /** Asks for the address to send the link to. */
  readonly save: string;
  /** "Check your email". */
  readonly sent: string;
  /** The emailed link: `${returnBase}/<token>`. */
  readonly returnBase: string;
}

export function saveAndReturnPaths(journey: Pick<Journey, 'basePath'>): SaveAndReturnPaths {
  const save = saveForLaterUrl(journey);
  return { save, sent: `${save}/sent`, returnBase: `${journey.basePath}/return` };
}

/**
 * The page a person left for the save page, when it is one of the journey's
 * own (`${basePath}/<page>`): their way back. Anything else is ignored.
 */
export function pageToGoBackTo(value: unknown, basePath: string): string | undefined {
  if (typeof value !== 'string' || !value.startsWith(`${basePath}/`)) return undefined;
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value.slice(basePath.length + 1)) ? value : undefined;
}
