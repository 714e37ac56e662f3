import type { IncomingHttpHeaders } from 'node:http';

/**
 * The smallest cookie handling a test needs to walk a login by hand: name -> value from every
 * Set-Cookie answered, sent back as one Cookie header. No domain, path or expiry rules: each test
 * talks to one app. (The point is to prove the fixtures without sessionchaos' own cookie jar.)
 */
export class ManualCookies {
  readonly #values = new Map<string, string>();

  /** Takes the cookies of a response's Set-Cookie headers; an expired or emptied cookie is dropped. */
  absorb(headers: IncomingHttpHeaders): void {
    const raw = headers['set-cookie'];
    for (const line of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (value === '' || expired) this.#values.delete(name);
      else this.#values.set(name, value);
    }
  }

  /** The value of cookie `name`, if held. */
  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /** The Cookie request header for every cookie held (empty when none). */
  header(): Record<string, string> {
    const cookie = [...this.#values].map(([name, value]) => `${name}=${value}`).join('; ');
    return cookie === '' ? {} : { cookie };
  }
}
