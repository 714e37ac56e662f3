/**
 * Tomcat's FORM login by hand (the lab's readiness probe, tests): open a protected page so Tomcat saves the
 * request, then post the credentials to j_security_check. Returns the session id Tomcat gave after the login.
 */
export async function tomcatFormLogin(baseUrl: string, user: string, password: string): Promise<string> {
  const signal = (): AbortSignal => AbortSignal.timeout(5000);
  const first = await fetch(`${baseUrl}/api/me`, { redirect: 'manual', signal: signal() });
  await first.arrayBuffer();
  const anonymous = sessionIdOf(first.headers);
  if (!anonymous) throw new Error(`${baseUrl}/api/me set no JSESSIONID (status ${first.status})`);
  const login = await fetch(`${baseUrl}/j_security_check`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `JSESSIONID=${anonymous}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ j_username: user, j_password: password }).toString(),
    signal: signal(),
  });
  await login.arrayBuffer();
  const id = sessionIdOf(login.headers);
  if (login.status !== 303 || !id)
    throw new Error(
      `the FORM login of ${user} at ${baseUrl} answered ${login.status}, not 303 with a new session`,
    );
  return id;
}

/** Who the session `id` belongs to on the node at `baseUrl`: the user name, or null when the node does not know it. */
export async function tomcatWhoami(baseUrl: string, id: string): Promise<string | null> {
  const res = await fetch(`${baseUrl}/api/me`, {
    redirect: 'manual',
    headers: { cookie: `JSESSIONID=${id}` },
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  if (res.status !== 200 || !text.startsWith('{')) return null;
  return (JSON.parse(text) as { user?: string }).user ?? null;
}

function sessionIdOf(headers: Headers): string | undefined {
  for (const cookie of headers.getSetCookie()) {
    const m = /^JSESSIONID=([^;]+)/.exec(cookie);
    if (m) return m[1];
  }
  return undefined;
}
