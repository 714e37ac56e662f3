/** A small cookie-keeping HTTP client for lab tests (the real traffic generator lives in @sessionchaos/traffic). */
export class CookieClient {
  readonly cookies = new Map<string, string>();
  readonly #base: string;

  constructor(base: string) {
    this.#base = base;
  }

  /** One request, redirects not followed, Set-Cookie kept (an expired or empty cookie deletes). */
  async request(method: string, path: string, body?: Record<string, unknown>): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.#base}${path}`, {
      method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Status and JSON body of a request. */
  async json(
    method: string,
    path: string,
    body?: Record<string, unknown>,
  ): Promise<{ status: number; body: unknown; node: string | null }> {
    const response = await this.request(method, path, body);
    return {
      status: response.status,
      body: await response.json(),
      node: response.headers.get('x-served-by'),
    };
  }
}

/** What the default journey saw at each step. */
export interface JourneyResult {
  login: number;
  location: string | null;
  me: { status: number; body: unknown }[];
  write: number;
  read: { status: number; body: unknown };
  logout: number;
  afterLogout: number;
  nodes: Set<string>;
}

/** login → /api/me (×`whoamis`) → write → read → logout → /api/me, through `base`. */
export async function walkJourney(base: string, user: string, whoamis = 4): Promise<JourneyResult> {
  const client = new CookieClient(base);
  const nodes = new Set<string>();
  const login = await client.request('POST', '/login', { username: user, password: 'secret' });
  await login.body?.cancel();
  const me = [];
  for (let i = 0; i < whoamis; i++) {
    const r = await client.json('GET', '/api/me');
    if (r.node) nodes.add(r.node);
    me.push({ status: r.status, body: r.body });
  }
  const write = await client.json('POST', '/api/data', { value: `v-${user}` });
  const read = await client.json('GET', '/api/data');
  const logout = await client.request('POST', '/logout');
  await logout.body?.cancel();
  const after = await client.json('GET', '/api/me');
  return {
    login: login.status,
    location: login.headers.get('location'),
    me,
    write: write.status,
    read: { status: read.status, body: read.body },
    logout: logout.status,
    afterLogout: after.status,
    nodes,
  };
}
