import test from 'ava';
import { formatScenarioError, parseScenarioYaml } from '../../src/scenario/scenario-yaml.ts';

const head = `name: j
description: a journey
load: { users: 2, duration: 5s }
`;

function errorsOf(yaml: string): string[] {
  const r = parseScenarioYaml(head + yaml, 'j.yaml');
  return r.ok ? [] : r.errors.map(formatScenarioError);
}

test('a real-app journey resolves: captures, headers, any JSON body, form and multi-step logins, token session, semantics', (t) => {
  const r = parseScenarioYaml(
    head +
      `target:
  url: http://127.0.0.1:8080
  journey:
    headers: { authorization: "Bearer {{token}}", accept: application/json }
    allowedOrigins: [http://127.0.0.1:9000]
    login:
      - { method: GET, path: /login, capture: { csrf: { html: "input[name=_csrf]" }, xsrf: { cookie: XSRF-TOKEN } } }
      - form: { selector: "form#login", fields: { user: "{{username}}", pass: "{{password}}" } }
      - method: POST
        path: http://127.0.0.1:9000/token
        bodyType: json
        body: { remember: true, tries: 3, scopes: [a, "{{csrf}}"], nested: { x: null }, xsrf: "{{cookie.XSRF-TOKEN}}" }
        capture: { token: $.access_token, reqid: { header: x-request-id }, n: { regex: "/n=(\\\\d+)/" } }
        expect: { status: [200, 201] }
    whoami: { method: GET, path: /me, identity: { json: $.email } }
    write: { method: POST, path: /cart, bodyType: raw, contentType: text/plain, body: "item {{value}}", value: $.items, semantics: append }
    sessionToken: token
`,
    'j.yaml',
  );
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  const j = r.scenario.journey;
  t.true(Array.isArray(j.login));
  t.is((j.login as unknown[]).length, 3);
  t.is(j.sessionToken, 'token');
  t.is(j.write?.semantics, 'append');
  t.is(r.scenario.check.dataSemantics, 'append');
  // Roles the journey leaves out are off on a URL target, never the lab app's paths.
  t.is(j.read, undefined);
  t.is(j.logout, undefined);
  t.is(j.visit, undefined);
});

test('a URL target without a journey speaks the lab contract', (t) => {
  const r = parseScenarioYaml(head + 'target: { url: http://127.0.0.1:8080 }\n', 'j.yaml');
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  t.truthy(r.scenario.journey.write);
  t.truthy(r.scenario.journey.logout);
});

test('every journey error at once, with its line: unknown keys inside requests, variables never captured, bad captures, foreign origins', (t) => {
  const errors = errorsOf(`target:
  url: http://127.0.0.1:8080
  journey:
    login:
      - { method: GET, path: /login, header: { x: y }, capture: { csrf: { html: "input", attr: "" }, "bad name": $.x } }
      - { method: POST, path: "https://evil.example/login", body: { t: "{{csfr}}" } }
      - { form: { page: /login, selectr: form } }
    whoami: { method: GET, path: /me, identity: { json: $.a, regex: "/x/" } }
    read: { method: GET, path: /cart, value: "$.items", semantics: append }
    write: { method: POST, path: /cart, value: $.v, semantics: multiply, bodyType: form, body: { a: { b: 1 } } }
    sessionToken: jwt
    credentials: { username: u, password: p, otp: x }
    redirects: 3
`);
  const want = [
    /j\.yaml:8: target\.journey\.login\[0\]\.header: unknown field "header"\. Valid fields: method, path, bodyType, body, contentType, forms, headers, capture, expect/,
    /j\.yaml:8: target\.journey\.login\[0\]\.capture\.csrf\.attr: must be an attribute name/,
    /target\.journey\.login\[0\]\.capture\.bad name: "bad name" must be a variable name/,
    /login\[1\]\.path: "https:\/\/evil\.example\/login" is on https:\/\/evil\.example, which is not an allowed origin/,
    /login\[1\]\.body\.t: unknown template variable "\{\{csfr\}\}"\. Valid variables: vu, username, password, value, iteration, csrf, bad name, cookie\.NAME/,
    /login\[2\]\.form\.selectr: unknown field "selectr"\. Valid fields: page, selector, fields/,
    /whoami\.identity: must be a JSON path/,
    /read\.semantics: unknown field "semantics"/,
    /write\.semantics: "multiply" is not allowed\. Valid choices: set, increment, append/,
    /write\.body\.a: \{"b":1\} must be a string template/,
    /sessionToken: "jwt" must name a captured variable \(captured: csrf, bad name\)/,
    /credentials\.otp: unknown field "otp"/,
    /target\.journey\.redirects: unknown field "redirects"\. Valid fields: headers, visit, loginPage, login/,
  ];
  for (const re of want)
    t.true(
      errors.some((e) => re.test(e)),
      `no error matches ${re}:\n${errors.join('\n')}`,
    );
  t.is(errors.length, want.length, errors.join('\n'));
});

test('a journey written out must say how to log in and ask who am I', (t) => {
  const errors = errorsOf(`target:
  url: http://127.0.0.1:8080
  journey: { loginPage: /signin }
`);
  t.deepEqual(errors, [
    'j.yaml:6: target.journey.login: is required: a request, a form step, or a list of them',
    'j.yaml:6: target.journey.whoami: is required: the request that answers "who am I"',
  ]);
});

test('journey.maxBodyBytes: a whole number of bytes from 1 KiB to 256 MiB, kept on the resolved journey', (t) => {
  const journey = (v: string): string => `target:
  url: http://127.0.0.1:8080
  journey:
    login: { method: POST, path: /login }
    whoami: { method: GET, path: /me, identity: $.user }
    maxBodyBytes: ${v}
`;
  const r = parseScenarioYaml(head + journey('4194304'), 'j.yaml');
  t.true(r.ok);
  if (r.ok) t.is(r.scenario.journey.maxBodyBytes, 4194304);
  t.regex(errorsOf(journey('100')).join('\n'), /target\.journey\.maxBodyBytes/);
  t.regex(errorsOf(journey('2048.5')).join('\n'), /maxBodyBytes: must be a whole number/);
  t.deepEqual(errorsOf(journey('1024')), []);
});
