/**
 * Small named conditions for branching. Each knows how to test the answers so
 * far and how to describe itself, so a journey can be checked at start-up and
 * drawn as a map.
 */
export interface Facts {
  /** A field's saved value, only if its step is on the path walked so far. */
  readonly answer: (field: string) => unknown;
  /** A value the journey computes from the answers (e.g. a deadline). Templates get it as a function. */
  readonly derived: (name: string) => unknown;
}

export interface Condition {
  readonly label: string;
  readonly fields: readonly string[];
  readonly derivedNames: readonly string[];
  test(facts: Facts): boolean;
}

function condition(label: string, refs: { fields?: readonly string[]; derived?: readonly string[] }, test: (facts: Facts) => boolean): Condition {
  return { label, fields: refs.fields ?? [], derivedNames: refs.derived ?? [], test };
}

export function answer(field: string) {
  const refs = { fields: [field] };
  return {
    is: (value: string): Condition => condition(`${field} is ${value}`, refs, (f) => f.answer(field) === value),
    isOneOf: (values: readonly string[]): Condition => condition(`${field} is ${values.join(' or ')}`, refs, (f) => values.includes(String(f.answer(field)))),
    /** For checkboxes: the answer list contains the value. */
    includes: (value: string): Condition =>
      condition(`${field} includes ${value}`, refs, (f) => {
        const v = f.answer(field);
        return Array.isArray(v) && v.includes(value);
      }),
  };
}

export function derived(name: string) {
  const refs = { derived: [name] };
  return {
    isTrue: (): Condition => condition(name, refs, (f) => f.derived(name) === true),
    is: (value: string | number | boolean): Condition => condition(`${name} is ${String(value)}`, refs, (f) => f.derived(name) === value),
  };
}

export function all(...conditions: Condition[]): Condition {
  return condition(
    conditions.map((c) => c.label).join(' and '),
    { fields: conditions.flatMap((c) => c.fields), derived: conditions.flatMap((c) => c.derivedNames) },
    (f) => conditions.every((c) => c.test(f)),
  );
}

export function any(...conditions: Condition[]): Condition {
  return condition(
    conditions.map((c) => c.label).join(' or '),
    { fields: conditions.flatMap((c) => c.fields), derived: conditions.flatMap((c) => c.derivedNames) },
    (f) => conditions.some((c) => c.test(f)),
  );
}

export function not(c: Condition): Condition {
  return condition(`not (${c.label})`, { fields: c.fields, derived: c.derivedNames }, (f) => !c.test(f));
}
