import type { CompiledStep, Lookup } from './compiled-step.ts';
import type { VuJar } from './cookie-jar.ts';
import { exchange, type ExchangeResult } from './exchange.ts';
import { findForm, FormError, submitForm, type FormSubmission } from './html-form.ts';
import { HtmlPage } from './html-page.ts';
import type { VuContext } from './vu-context.ts';

/**
 * Submits, in order, each listed form the answers show (an identity provider's login, then consent),
 * within one op: its hops run on from the step's. A form the page does not show is skipped.
 */
export async function submitPageForms(
  ctx: VuContext,
  jar: VuJar,
  forms: NonNullable<CompiledStep['pageForms']>,
  first: ExchangeResult,
  lookup: Lookup,
  headers: [string, string][] | undefined,
): Promise<ExchangeResult> {
  let r = first;
  for (const f of forms) {
    if (r.status === undefined || r.status >= 300 || !/<form/i.test(r.body)) break;
    const el = findForm(
      new HtmlPage(r.body),
      f.selector,
      f.fields.map(([k]) => k),
    );
    if (!el) continue;
    const fields: Record<string, string> = {};
    for (const [k, t] of f.fields) fields[k] = t.render(lookup) ?? '';
    let sub: FormSubmission;
    try {
      sub = submitForm(el, r.finalUrl, fields);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      return { ...r, error: err.message };
    }
    if (!ctx.exchange.allowedOrigins.has(new URL(sub.url).origin))
      return {
        ...r,
        error: `form action ${sub.url} is on an origin not allowed (add it to journey.allowedOrigins)`,
      };
    const next = await exchange(
      ctx.client,
      jar,
      {
        method: sub.method,
        url: sub.url,
        ...(sub.body !== undefined
          ? { body: sub.body, contentType: 'application/x-www-form-urlencoded' }
          : {}),
        ...(headers ? { headers } : {}),
      },
      ctx.exchange,
    );
    r = { ...next, hops: [...r.hops, ...next.hops] };
  }
  return r;
}
