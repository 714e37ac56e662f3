import { SCENARIO_SCHEMA_URL } from '@sessionchaos/core';
import type { ScenarioParts } from './discovery.ts';

/** A value in YAML flow style (JSON is valid YAML, and keeps templates quoted). */
function flow(v: unknown): string {
  return JSON.stringify(v);
}

/** `user-1` -> `user-{{vu}}`: one account per virtual user when the name ends in 1 (a numbered account). */
export function credentialTemplate(username: string): string {
  return /(^|\D)1(\D*)$/.test(username) ? username.replace(/1(\D*)$/, '{{vu}}$1') : username;
}

/** The scenario `init` writes: the journey it found, each part with a comment on how it was found. */
export function writeScenario(
  name: string,
  url: string,
  username: string,
  password: string,
  d: ScenarioParts,
): string {
  const user = credentialTemplate(username);
  const lines = [
    // Editors with the YAML language server complete and check the fields from the published schema.
    `# yaml-language-server: $schema=${SCENARIO_SCHEMA_URL}`,
    `# Written by \`sessionchaos init ${d.source ?? `--url ${url}`}\`. Check it with \`sessionchaos journey <this file>\`,`,
    '# then run it with `sessionchaos run <this file>`. The journey fields are in the README ("Your own cluster").',
    `name: ${name}`,
    'description: >',
    `  ${url} under load, no fault: every logged-in user must keep their session. Add faults (exec`,
    '  hooks, or containers with --allow-external) to see how the cluster loses sessions. Expect verdict pass.',
    ...d.missing.map((m) => `# TODO: fill in ${m}; the TODO comments below say where.`),
    'target:',
    `  url: ${url}`,
    '  journey:',
    d.loginNote.startsWith('TODO') ? `    # ${d.loginNote}.` : `    # Login: ${d.loginNote}.`,
    ...(d.allowedOrigins?.length
      ? [
          '    # The login passes through these origins (the identity provider): redirects and forms may go there.',
          `    allowedOrigins: ${flow(d.allowedOrigins)}`,
        ]
      : []),
    ...(d.loginPage !== undefined ? [`    loginPage: ${d.loginPage}`] : []),
    `    login: ${flow(d.login)}`,
  ];
  if (user !== username)
    lines.push(
      `    # One account per virtual user: ${username} is user 1 ({{vu}} = 1, 2, 3...). Or rows: [{username, password}, ...].`,
    );
  else
    lines.push(
      '    # Every virtual user logs in as this one account; one account each is closer to real traffic (rows: [...]).',
    );
  if (d.missing.some((m) => m.startsWith('credentials')))
    lines.push('    # TODO: the login refused these credentials: give an account that can log in.');
  lines.push(`    credentials: ${flow({ username: user, password })}`);
  if (d.headers) {
    lines.push(
      '    # The login answers a token: sent on every later request, and its short hash is the session.',
    );
    lines.push(`    headers: ${flow(d.headers)}`, `    sessionToken: ${d.sessionToken}`);
  }
  if (d.whoami)
    lines.push(
      '    # Who am I: the first page that named the user after the login.',
      `    whoami: ${flow(d.whoami)}`,
    );
  else
    lines.push(
      '    # TODO: no page named the user after the login; say which one does.',
      `    whoami: ${flow({ method: 'GET', path: '/api/me', identity: '$.user' })}`,
    );
  if (d.data) {
    lines.push(
      '    # Session data: written then read back on every iteration (semantics: set, increment or append).',
    );
    lines.push(`    write: ${flow(d.data.write)}`, `    read: ${flow(d.data.read)}`);
  } else {
    lines.push(
      '    # Session data, if the app keeps some in the session (a cart, a counter): uncomment and adapt.',
    );
    lines.push(
      `    # write: ${flow({ method: 'POST', path: '/api/cart', body: { item: '{{value}}' }, value: '$.items', semantics: 'append' })}`,
    );
    lines.push(`    # read: ${flow({ method: 'GET', path: '/api/cart', value: '$.items' })}`);
  }
  if (d.logout) lines.push(`    logout: ${flow(d.logout)}`);
  if (d.sessionCookie)
    lines.push(
      '    # The cookie the login set (or changed): its short hash follows each session.',
      `    sessionCookie: ${d.sessionCookie}`,
    );
  if (d.node)
    lines.push(
      '    # What names the node that answered (it differed across requests).',
      `    node: ${flow(d.node)}`,
    );
  for (const n of d.notes) lines.push(`    # Note: ${n}.`);
  lines.push(
    'load: { users: 10, duration: 30s, think: 200ms }',
    '# faults:',
    '#   - { id: kill-one, action: exec, at: 10s, duration: 10s,',
    '#       params: { command: "docker compose kill web-2", healCommand: "docker compose up -d web-2" } }',
    'gate:',
    '  - { finding: lost-session, max: 0 }',
    '  - { finding: cross-user-leak, max: 0 }',
    '  - { finding: session-fixation, max: 0 }',
    ...(d.data ? ['  - { finding: stale-read, max: 0 }', '  - { finding: lost-update, max: 0 }'] : []),
    '  - { errorRate: 0.01 }',
    '',
  );
  return lines.join('\n');
}
