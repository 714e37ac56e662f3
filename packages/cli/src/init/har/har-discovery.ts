import { isPauseStep, type StepSpec } from '@sessionchaos/core';
import type { ScenarioParts } from '../discovery.ts';
import {
  findData,
  findLogout,
  findNodeHeader,
  findSessionCookie,
  findToken,
  guessToken,
  findWhoami,
} from './har-after-login.ts';
import type { HarLog } from './har-file.ts';
import { findRecordedLogin, planLogin } from './har-login.ts';
import { siteOf, stepsOf, type Step } from './har-steps.ts';
import { Templater } from './templater.ts';

/** What a recording says about the app: the journey, where the app is, and who logged in. */
export interface HarDiscovery {
  discovery: ScenarioParts;
  /** The app's origin (scheme://host:port): the scenario's target. */
  target: string;
  /** The username typed in the recording (replaced by `{{username}}` in every request). */
  username: string;
  /** The password typed in the recording: never written anywhere, kept to check that. */
  password: string;
}

/**
 * The app: of the origins on the site of the first page opened or of the login (another site's
 * beacons and fonts aside), the one most requests after the login went to (the login itself may be on
 * an identity provider).
 */
function appOrigin(steps: Step[], login: Step): URL {
  const opened = steps.find((s) => s.first.method === 'GET' && s.last.mime.includes('html')) ?? login;
  const sites = new Set([siteOf(opened.first.url), siteOf(login.first.url)]);
  const count = new Map<string, number>();
  for (const s of steps.slice(login.index + 1)) {
    if (!sites.has(siteOf(s.first.url))) continue;
    const o = s.first.url.origin;
    count.set(o, (count.get(o) ?? 0) + 1);
  }
  const best = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
  return new URL(best ?? login.first.url.origin);
}

/**
 * Reads a browser recording into what `init` writes: the login (and the values it echoes from earlier
 * answers, as captures), the session cookie or bearer token, the who-am-I, session data, the logout and the
 * node header. Static assets are dropped; after the login only the app's own requests are read.
 */
export function discoverFromHar(log: HarLog, file: string): HarDiscovery | { error: string } {
  const steps = stepsOf(log.entries);
  const rec = findRecordedLogin(steps);
  if (rec === undefined)
    return {
      error:
        `found no login in ${file}: none of its ${steps.length} requests (static assets aside) sent a password ` +
        'field (a form or JSON body with a field named password, passwd, pwd or j_password). Record again: open ' +
        'devtools (Network tab, "Preserve log" on), log in, use the app a little, log out, then save all as HAR.',
    };
  const app = appOrigin(steps, rec.step);
  const t = new Templater(rec.username, rec.password);
  const plan = planLogin(steps, app, rec, t);
  const after = steps.filter((s) => s.index > plan.end.index && s.first.url.origin === app.origin);
  const notes: string[] = [];
  if (after.length === 0)
    notes.push('the recording stops at the login: record a few pages after it (who-am-I, data, logout)');
  // The login's own answer first: every later step may read what it captured.
  const sources = [plan.end, ...plan.recorded];
  const found = findToken(after, plan.end, t);
  const guessed = found === undefined ? guessToken(steps, plan.end, t) : undefined;
  const tokenVar = found ?? guessed;
  if (guessed !== undefined)
    notes.push(
      `the recording has no Authorization headers (a sanitized export): the login's ${guessed} is sent as a bearer token, check it`,
    );
  const loginSteps = steps.filter(
    (s) => s.index >= (plan.recorded[0]?.index ?? 0) && s.index <= plan.end.index,
  );
  const sessionCookie = tokenVar ? undefined : findSessionCookie(loginSteps, after, app);
  const whoami = findWhoami(after, rec.username, sources, t);
  const data = findData(after, sources, t);
  const journeySteps = new Set([...plan.recorded, plan.end].map((s) => s.index));
  if (whoami) journeySteps.add(whoami.step.index);
  const logout = findLogout(after, sources, journeySteps, t);
  const node = findNodeHeader(steps.filter((s) => s.first.url.origin === app.origin));

  // Captures are known only now (later requests added some to the login): put them on the steps.
  const login: StepSpec[] = plan.steps.map((spec, i) => {
    const recorded = plan.recorded[i]!;
    const isLast = i === plan.steps.length - 1;
    const capture = {
      ...t.capturesOf(recorded),
      ...(isLast && plan.end !== recorded ? t.capturesOf(plan.end) : {}),
    };
    // A recording holds requests and forms, never a pause.
    return Object.keys(capture).length > 0 && !isPauseStep(spec) ? { ...spec, capture } : spec;
  });
  for (const [i, c] of t.echoes.captures)
    if (!journeySteps.has(i) && !(logout ?? []).some((s) => s.capture === c))
      notes.push(
        `a value captured from request ${i + 1} of the recording is not replayed: check ${Object.keys(c).join(', ')}`,
      );
  if (!whoami) notes.push(`no page after the login named ${rec.username || 'the user'}: set whoami by hand`);
  if (!tokenVar && !sessionCookie)
    notes.push(
      'no cookie set at the login was sent back (was the HAR exported without cookies? Chrome: "Export HAR (with sensitive data)")',
    );

  const discovery: ScenarioParts = {
    loginPage: plan.loginPage,
    login: login.length === 1 ? login[0]! : login,
    loginNote: plan.note,
    loggedIn: true,
    notes,
    missing: whoami ? [] : ['whoami (a page that names the logged-in user, and where in it)'],
    ...(sessionCookie ? { sessionCookie } : {}),
    ...(tokenVar ? { sessionToken: tokenVar, headers: t.journeyHeaders } : {}),
    ...(whoami ? { whoami: whoami.spec } : {}),
    ...(data ? { data } : {}),
    ...(logout ? { logout: logout.length === 1 ? logout[0]! : logout } : {}),
    ...(node ? { node: { header: node } } : {}),
    ...(plan.allowedOrigins.length > 0 ? { allowedOrigins: plan.allowedOrigins } : {}),
  };
  return { discovery, target: app.origin, username: rec.username, password: rec.password };
}
