/**
 * Where a value sits in a response body: a JSON path (`$.user`, `$.data.items[0].id`) or a
 * regex written as `/pattern/flags` whose first capture group (or whole match) is the value.
 */
export type ValueLocation = string;

/** Extracts a value from a response body; `undefined` means "not found", `null` means explicitly null. */
export type Extractor = (body: string) => string | number | null | undefined;

type Segment = string | number;

const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[['"]([^'"]+)['"]\])/;

/** Parses `$.a.b[0]['c d']` into segments, or returns an error message. */
export function parseJsonPath(path: string): Segment[] | string {
  if (!path.startsWith('$')) return `JSON path "${path}" must start with "$"`;
  const segments: Segment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (!m) return `JSON path "${path}" is invalid near "${rest}": use $.name, $.a.b or $.items[0]`;
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(m[3] as string);
    rest = rest.slice(m[0].length);
  }
  return segments;
}

/** Parses `/pattern/flags` into a RegExp, or returns an error message. */
export function parseRegexLocation(location: string): RegExp | string {
  const end = location.lastIndexOf('/');
  if (!location.startsWith('/') || end <= 0) return `regex "${location}" must be written as /pattern/flags`;
  try {
    return new RegExp(location.slice(1, end), location.slice(end + 1));
  } catch (err) {
    return `regex "${location}" is invalid: ${(err as Error).message}`;
  }
}

/** Why a location string is unusable, or `undefined` when it is fine. */
export function locationProblem(location: string): string | undefined {
  if (location.startsWith('$')) {
    const r = parseJsonPath(location);
    return typeof r === 'string' ? r : undefined;
  }
  if (location.startsWith('/')) {
    const r = parseRegexLocation(location);
    return typeof r === 'string' ? r : undefined;
  }
  return `location "${location}" is neither a JSON path ($.user) nor a regex (/user: (\\w+)/)`;
}

function toScalar(v: unknown): string | number | null | undefined {
  if (v === null) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** Compiles a validated location into an extractor. Throws on an invalid one (validate first). */
export function compileLocation(location: ValueLocation): Extractor {
  if (location.startsWith('$')) {
    const segments = parseJsonPath(location);
    if (typeof segments === 'string') throw new Error(segments);
    return (body) => {
      let v: unknown;
      try {
        v = JSON.parse(body);
      } catch {
        return undefined;
      }
      for (const s of segments) {
        if (v === null || typeof v !== 'object') return undefined;
        v = (v as Record<string | number, unknown>)[s];
      }
      return toScalar(v);
    };
  }
  const re = parseRegexLocation(location);
  if (typeof re === 'string') throw new Error(re);
  return (body) => {
    re.lastIndex = 0;
    const m = re.exec(body);
    if (!m) return undefined;
    return m[1] ?? m[0];
  };
}
