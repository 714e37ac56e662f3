import { startBearerApi } from './bearer-api.ts';
import { startDjango } from './django.ts';
import { startExpressCsrf } from './express-csrf.ts';
import { startJsonSignin } from './json-signin.ts';
import { startOidc } from './oidc.ts';
import type { RealApp } from './real-app.ts';
import { startTomcatForm } from './tomcat-form.ts';

/** Every real app by name, each started with an optional port (0: a free one on 127.0.0.1). */
export const REAL_APPS: Record<
  string,
  (options: { port?: number; providerPort?: number }) => Promise<RealApp>
> = {
  'tomcat-form': startTomcatForm,
  'express-csrf': startExpressCsrf,
  oidc: startOidc,
  'bearer-api': startBearerApi,
  django: startDjango,
  'json-signin': startJsonSignin,
};
