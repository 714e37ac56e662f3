import { Ajv } from 'ajv';

/** A name/value pair as HAR keeps headers, cookies, query strings and form fields. */
export interface HarPair {
  name: string;
  value: string;
}

/** One request/answer of a HAR 1.2 log: only the fields `init --har` reads (the rest is ignored). */
export interface HarEntry {
  startedDateTime?: string;
  request: {
    method: string;
    url: string;
    headers: HarPair[];
    cookies?: HarPair[];
    postData?: { mimeType?: string; text?: string; params?: HarPair[] };
  };
  response: {
    status: number;
    headers: HarPair[];
    cookies?: HarPair[];
    content?: { mimeType?: string; text?: string; encoding?: string };
    redirectURL?: string;
  };
  /** Chromium's and Playwright's own field: document, xhr, fetch, script, stylesheet, image... */
  _resourceType?: string;
}

/** A HAR file's log as read. */
export interface HarLog {
  entries: HarEntry[];
}

const pairs = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'value'],
    properties: { name: { type: 'string' }, value: { type: 'string' } },
  },
};

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), cut down to what is read here: browsers and
// proxies differ in the optional parts (sizes, timings, Chromium's `_` fields), which must not refuse a file.
const HAR_SCHEMA = {
  type: 'object',
  required: ['log'],
  properties: {
    log: {
      type: 'object',
      required: ['entries'],
      properties: {
        version: { type: 'string' },
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['request', 'response'],
            properties: {
              request: {
                type: 'object',
                required: ['method', 'url', 'headers'],
                properties: {
                  method: { type: 'string' },
                  url: { type: 'string' },
                  headers: pairs,
                  cookies: pairs,
                  postData: {
                    type: 'object',
                    properties: {
                      mimeType: { type: 'string' },
                      text: { type: 'string' },
                      params: { type: 'array' },
                    },
                  },
                },
              },
              response: {
                type: 'object',
                required: ['status', 'headers'],
                properties: {
                  status: { type: 'integer' },
                  headers: pairs,
                  cookies: pairs,
                  redirectURL: { type: 'string' },
                  content: {
                    type: 'object',
                    properties: {
                      mimeType: { type: 'string' },
                      text: { type: 'string' },
                      encoding: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

/**
 * Parses the text of a HAR file and checks its shape with a JSON Schema (ajv): every problem comes back at
 * once, each with where it is (`log.entries[3].request.url: must be string`).
 */
export function parseHar(
  text: string,
  file: string,
): { ok: true; log: HarLog } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `cannot read ${file} as a HAR: it is not JSON (${(error as Error).message}). Export it from the browser's devtools (Network tab, "Save all as HAR" / "Export HAR").`,
    };
  }
  const validate = new Ajv({ allErrors: true, strict: false }).compile(HAR_SCHEMA);
  if (!validate(json)) {
    const where = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(top)'}: ${e.message ?? 'invalid'}`,
      );
    return {
      ok: false,
      error: `${file} is not a HAR 1.2 file: ${where.join('; ')}. Export it again from the browser's devtools (Network tab, "Save all as HAR").`,
    };
  }
  return { ok: true, log: (json as { log: HarLog }).log };
}
