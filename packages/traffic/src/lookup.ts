/** Looks a template variable up; `undefined` when it has no value yet. */
export type Lookup = (name: string) => string | number | undefined;
