/**
 * A change link carries where to go after saving. Only paths the journey
 * itself produced are accepted, so the parameter cannot send anyone off-site
 * or to an arbitrary page.
 */
export function safeReturnPath(candidate: unknown, allowed: ReadonlySet<string>): string | undefined {
  return typeof candidate === 'string' && allowed.has(candidate) ? candidate : undefined;
}

export function withReturn(url: string, returnTo: string | undefined): string {
  return returnTo ? `${url}?return=${encodeURIComponent(returnTo)}` : url;
}
