import type { CaptureInput } from '@sessionchaos/core';
import type { Step } from './har-steps.ts';

/** Where a value an answer gave sits in it, as a journey capture reads it. */
export function captureIn(step: Step, value: string): CaptureInput | undefined {
  const a = step.last;
  if (a.mime.includes('json')) {
    try {
      const at = jsonPathOf(JSON.parse(a.text), value);
      if (at) return at;
    } catch {
      // Not JSON after all: the other kinds are tried.
    }
  }
  // A short value (an id like 4) is taken from JSON only: found in a page's text it would be chance.
  if (!tokenLike(value)) return undefined;
  if (a.mime.includes('html')) {
    for (const tag of a.text.matchAll(/<(input|meta)\b[^>]*>/gi)) {
      const attrs = attributesOf(tag[0]);
      const name = attrs.get('name');
      if (name === undefined) continue;
      if (tag[1]!.toLowerCase() === 'input' && attrs.get('value') === value)
        return { html: `input[name="${name}"]` };
      if (tag[1]!.toLowerCase() === 'meta' && attrs.get('content') === value)
        return { html: `meta[name="${name}"]`, attr: 'content' };
    }
  }
  for (const [name, v] of a.answerHeaders)
    if (v === value && name !== 'set-cookie' && name !== 'location') return { header: name };
  const i = a.text.indexOf(value);
  if (i < 0) return undefined;
  // The text just before the value, as a regex that takes what follows it.
  const before = a.text.slice(Math.max(0, i - 24), i).replace(/^[^\n]*\n/, '');
  if (before.length < 4) return undefined;
  return `/${escapeRegex(before)}([^"'&<>\\s]+)/`;
}

/** The JSON path of the first leaf (breadth-first) whose text equals `wanted`: a string or a number. */
export function jsonPathOf(value: unknown, wanted: string): string | undefined {
  const queue: [unknown, string][] = [[value, '$']];
  while (queue.length > 0) {
    const [v, at] = queue.shift()!;
    if ((typeof v === 'string' || typeof v === 'number') && String(v) === wanted) return at;
    if (Array.isArray(v)) v.forEach((x, i) => queue.push([x, `${at}[${i}]`]));
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) if (/^[A-Za-z_$][\w$]*$/.test(k)) queue.push([x, `${at}.${k}`]);
  }
  return undefined;
}

function attributesOf(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g))
    out.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whether a recorded value looks like something the server handed out (a token, an id), not a constant. */
export function tokenLike(value: string): boolean {
  return value.length >= 8 && /\d/.test(value) && !/\s/.test(value);
}

/**
 * The values a journey echoes from earlier answers, each with the variable that holds it: recorded value ->
 * name, and the captures to put on the step whose answer gave each.
 */
export class Echoes {
  readonly names = new Map<string, string>();
  /** Step index -> captures on that step. */
  readonly captures = new Map<number, Record<string, CaptureInput>>();
  /** Cookie values a request echoed (double-submit CSRF): value -> cookie name. */
  readonly cookies = new Map<string, string>();

  /**
   * The template for `value`, sent by a request after `sources` (earlier steps, most preferred first): an
   * existing variable, a new capture on the first source that holds it, a cookie, or undefined.
   */
  templateFor(value: string, hint: string, sources: Step[]): string | undefined {
    const known = this.names.get(value);
    if (known) return `{{${known}}}`;
    const cookie = this.cookies.get(value);
    if (cookie) return `{{cookie.${cookie}}}`;
    for (const s of sources) {
      const where = captureIn(s, value);
      if (where === undefined) continue;
      const name = this.#freshName(hint);
      this.names.set(value, name);
      this.captures.set(s.index, { ...this.captures.get(s.index), [name]: where });
      return `{{${name}}}`;
    }
    for (const s of sources)
      for (const h of s.hops)
        for (const [name, v] of h.setCookies)
          if (v === value) {
            this.cookies.set(value, name);
            return `{{cookie.${name}}}`;
          }
    return undefined;
  }

  #freshName(hint: string): string {
    const base =
      hint
        .replace(/[^\w]+/g, '_')
        .replace(/^(\d)/, '_$1')
        .toLowerCase() || 'value';
    const taken = new Set(this.names.values());
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    return name;
  }
}
