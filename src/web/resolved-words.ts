/**
 * Every string of the translation files, resolved once at start-up into plain
 * lookups, so that rendering a page reads a Map instead of asking i18next for
 * each word (which, per string, walks its fallback languages and namespaces).
 * i18next still loads the files and makes each string: what is stored here is
 * exactly what it returned.
 */

/** A namespace's nested strings as `a.b.c` keys (the keys i18next's `.` separator names). */
export function stringKeys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([name, value]) => {
    const key = `${prefix}${name}`;
    if (typeof value === 'string') return [key];
    return value !== null && typeof value === 'object' ? stringKeys(value as Record<string, unknown>, `${key}.`) : [];
  });
}

/**
 * Every key a translator may be called with: `ns:key` for each namespace's
 * strings, and the bare key too for the namespaces a bare key is looked up in.
 */
export function translationKeys(namespaces: Record<string, Record<string, unknown>>, bareNamespaces: readonly string[]): string[] {
  return Object.entries(namespaces).flatMap(([ns, tree]) =>
    stringKeys(tree).flatMap((key) => (bareNamespaces.includes(ns) ? [key, `${ns}:${key}`] : [`${ns}:${key}`])),
  );
}

/**
 * The `ns:key`s that have a string in this very language (no falling back):
 * each string's own key, and for plural forms (`key_one`, `key_other`…) the
 * key they are forms of.
 */
export function presentKeys(namespaces: Record<string, Record<string, unknown>>): Set<string> {
  const keys = translationKeys(namespaces, []);
  return new Set([...keys, ...keys.filter((key) => key.endsWith('_other')).map((key) => key.slice(0, -'_other'.length))]);
}

/** Each key's string as `translate` gives it without options, made once. */
export function resolveWords(keys: Iterable<string>, translate: (key: string) => string): Map<string, string> {
  return new Map([...keys].map((key) => [key, translate(key)] as const));
}
