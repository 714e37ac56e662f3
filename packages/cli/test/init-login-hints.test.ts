import test from 'ava';
import { compileLocation } from '@sessionchaos/core';
import { Answer, formsOf, VuJar } from '@sessionchaos/traffic';
import { htmlIdentity } from '../src/init/html-whoami.ts';
import { passwordField, userField } from '../src/init/login-fields.ts';
import { pathHints, signInLinks } from '../src/init/login-hints.ts';

const page = (body: string): Answer => new Answer(200, body, 'http://127.0.0.1:1/', {}, new VuJar());
const form = (inputs: string) => formsOf(page(`<form method="post">${inputs}</form>`))[0]!;

test('sign-in fields by type first, then by common name, never the password or a hidden field', (t) => {
  const typed = form('<input name="q"><input type="email" name="addr"><input type="password" name="pw">');
  t.is(userField(typed), 'addr');
  t.is(passwordField(typed), 'pw');
  const named = form(
    '<input type="hidden" name="user_token"><input name="q"><input name="login"><input type="password" name="secret">',
  );
  t.is(userField(named), 'login');
  t.is(passwordField(named), 'secret');
  t.is(
    userField(
      form('<input name="search"><input name="j_username"><input type="password" name="j_password">'),
    ),
    'j_username',
  );
  // Nothing telling: the first text field that is not the password.
  t.is(
    userField(
      form('<input name="who"><input type="password" name="p"><input type="checkbox" name="remember">'),
    ),
    'who',
  );
});

test('links whose text or target says sign in / log in, not sign up, log out or a password reset', (t) => {
  const links = signInLinks(
    page(
      '<a href="/accounts/login/?next=/">Sign in</a><a href="/register">Sign up</a><a href="/x">Log out</a>' +
        '<a href="/session/new"><span>Log in</span></a><a href="/forgot-login">Forgot your login?</a>' +
        '<a href="/auth">Members</a><a href="/signin">Account</a><a href="https://id.example/authorize">Login</a>' +
        '<a href="#login">Log in</a><a href="mailto:login@example.com">Mail</a>',
    ),
    'http://127.0.0.1:1/',
  );
  t.deepEqual(links, [
    { path: '/accounts/login/?next=/' },
    { path: '/session/new' },
    { path: '/signin' },
    { url: 'https://id.example/authorize' },
  ]);
});

test('paths a page or script names for a sign-in, not assets or sign-outs', (t) => {
  t.deepEqual(
    pathHints([
      `fetch('/auth/signin', {method: 'POST'}); fetch("/api/logout"); const u = '/static/login.js';`,
      '<a href="/signin">x</a> `/api/session` "/api/items"',
    ]),
    ['/auth/signin', '/signin', '/api/session'],
  );
});

test('an HTML page naming the user in words gives a regex identity; a name in an attribute, a script or alone does not', (t) => {
  const page = '<nav><p>Signed in as <strong>user-1</strong></p></nav>';
  const re = htmlIdentity(page, 'user-1');
  t.is(re, '/Signed in as <strong>([^\\s<>"\']+)/');
  t.is(compileLocation(re!)(page.replace('user-1', 'user-22')), 'user-22');
  t.is(
    htmlIdentity('<p>Hello, user-1.</p>', 'user-1'),
    undefined,
    'the capture would read "user-1." not the name',
  );
  t.is(htmlIdentity('<p>Welcome back, user-1 </p>', 'user-1'), '/Welcome back, ([^\\s<>"\']+)/');
  t.is(htmlIdentity('<input name="u" value="user-1">', 'user-1'), undefined);
  t.is(htmlIdentity('<script>const me = "user-1";</script>', 'user-1'), undefined);
  t.is(htmlIdentity('<td>user-1</td>', 'user-1'), undefined);
});
