import type { RequestSpec } from '@sessionchaos/core';
import { formsOf } from '@sessionchaos/traffic';
import { answerJson, pathTo } from './answer-json.ts';
import type { Browser } from './browser.ts';
import type { Discovery } from './discovery.ts';

const NODE_HEADERS = [
  'x-served-by',
  'x-server',
  'x-node',
  'x-backend',
  'x-upstream',
  'x-pod-name',
  'x-instance',
  'x-host',
];
/** Session data: GET /api/data answering {value}, and a POST of {value} to it that goes through. */
export async function findData(
  b: Browser,
  d: Discovery,
  auth: Record<string, string> | undefined,
  base = '',
): Promise<void> {
  const at = `${base}/api/data`;
  const v = await b.send({ method: 'GET', path: at, ...(auth ? { headers: auth } : {}) });
  const body = answerJson(v);
  if ((v.op.status ?? 500) >= 300 || body === null || typeof body !== 'object' || !('value' in body)) return;
  // The write is tried for real: plain, then with the page's CSRF token in a header.
  const tries: (Record<string, string> | undefined)[] = [auth];
  if (d.csrfHeader) tries.push({ ...auth, [d.csrfHeader]: '{{csrf}}' });
  for (const headers of tries) {
    const write: RequestSpec & { value: string } = {
      method: 'POST',
      path: at,
      body: { value: '{{value}}' },
      value: '$.value',
      ...(headers && !auth ? { headers } : {}),
    };
    const w = await b.send({ ...write, body: { value: 1 } });
    if (w.op.type !== 'ok') continue;
    d.data = { write, read: { method: 'GET', path: at, value: '$.value' } };
    return;
  }
  d.notes.push(`GET ${at} answered, but a POST of {value} to it was refused: add write and read by hand`);
}

/** What names the serving node: a response header that varies over 6 requests, else a balancer cookie. */
export async function findNode(
  b: Browser,
  d: Discovery,
  auth: Record<string, string> | undefined,
): Promise<void> {
  const path = d.whoami?.path.includes('{{') ? '/' : (d.whoami?.path ?? '/');
  const seen = new Map<string, Set<string>>();
  for (let i = 0; i < 6; i++) {
    const v = await b.send({ method: 'GET', path, ...(auth ? { headers: auth } : {}) });
    for (const [k, val] of Object.entries(v.answer?.headers ?? {}))
      if (
        typeof val === 'string' &&
        (NODE_HEADERS.includes(k) || /^x-.*(node|server|backend|pod|instance)/.test(k))
      )
        seen.set(k, (seen.get(k) ?? new Set()).add(val));
  }
  const varying = [...seen].find(([, vals]) => vals.size > 1) ?? [...seen][0];
  if (varying) {
    d.node = { header: varying[0] };
    if (varying[1].size === 1)
      d.notes.push(`only one node answered (${varying[0]}: ${[...varying[1]][0]}) in 6 requests`);
    return;
  }
  for (const name of ['SERVERID', 'route', 'INGRESSCOOKIE', 'AWSALB', 'JSESSIONID']) {
    if (b.vu.jar.value(`${b.origin}/`, name) !== undefined && name !== d.sessionCookie) {
      d.node = { cookie: name };
      return;
    }
  }
  d.notes.push(
    'no response header or balancer cookie named the serving node: set node (header or cookie) if one does',
  );
}

/** The logout: a logout form on the home page (`base`/), else a POST `base`/logout after which whoami names nobody. */
export async function findLogout(b: Browser, d: Discovery, base = ''): Promise<void> {
  const page = `${base}/`;
  const home = await b.send({ method: 'GET', path: page });
  const form = home.answer ? formsOf(home.answer).find((f) => /logout|sign.?out/i.test(f.action)) : undefined;
  if (form) {
    d.logout = { form: { page, selector: `form[action="${form.action}"]` } };
    return;
  }
  if (d.sessionToken || !d.whoami) return;
  // Last of all, as it ends the session: a POST /logout after which whoami names nobody.
  const out = await b.send({ method: 'POST', path: `${base}/logout` }, 'logout');
  const after = await b.send({ method: d.whoami.method, path: d.whoami.path }, 'whoami');
  // Refused, or an answer that no longer names the user (a login form served in place): logged out.
  const gone =
    after.op.identity === null ||
    (after.op.status ?? 500) >= 400 ||
    pathTo(answerJson(after), b.vu.user) === undefined;
  if (out.op.type === 'ok' && gone) d.logout = { method: 'POST', path: `${base}/logout` };
  else
    d.notes.push(
      `no logout found (no logout form on ${page}, POST ${base}/logout did not end the session): add one if the app has it`,
    );
}
