import type { CaptureInput, RequestSpec, StepSpec } from '@sessionchaos/core';

/** What `init` found out about a target, each with how it was found (for the comments it writes). */
export interface Discovery {
  /** The page with the login form (absent for a JSON login, or a provider's form reached by redirects). */
  loginPage?: string;
  login: StepSpec;
  /** How the login was found. */
  loginNote: string;
  loggedIn: boolean;
  sessionCookie?: string;
  sessionToken?: string;
  /** The bearer header the token goes in, when the login answers a token. */
  headers?: Record<string, string>;
  whoami?: RequestSpec & { identity: CaptureInput };
  data?: { write: RequestSpec & { value: string }; read: RequestSpec & { value: string } };
  logout?: StepSpec;
  node?: { header: string } | { cookie: string };
  /** The header a write sends the page's CSRF token in, when the landing page carries one. */
  csrfHeader?: string;
  /** Other origins the login passes through (an identity provider). */
  allowedOrigins?: string[];
  notes: string[];
  /** How the scenario was made, for its first comment (default `init --url URL`). */
  source?: string;
  /** What could not be found and must be filled in by hand (each a `TODO` in the file). */
  missing: string[];
}

/** What the scenario writer takes: a discovery whose login and logout may take several steps (a recording's). */
export type ScenarioParts = Omit<Discovery, 'login' | 'logout'> & {
  login: StepSpec | StepSpec[];
  logout?: StepSpec | StepSpec[];
};
