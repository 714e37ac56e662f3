import type { FormSummary } from '@sessionchaos/traffic';

// Names sign-in forms give the account field, most telling first: an exact name, then a part of one.
const USER_NAMES =
  /^(username|user_?name|user|login|email|e-?mail|j_username|account|identifier|userid|user_id|uid|session\[(login|email|username)\]|user\[(login|email|username)\])$/i;
const USER_PARTS = /user|login|mail|account|ident|name/i;

/** The password field of a form: the first field of type password, else one named like a password. */
export function passwordField(form: FormSummary): string | undefined {
  return (
    form.fields.find((f) => form.types[f] === 'password') ?? form.fields.find((f) => /pass|pwd/i.test(f))
  );
}

/**
 * The account field of a sign-in form: a field of type email, else one with a common name (email,
 * login, user, username...), else the first text field that is not the password.
 */
export function userField(form: FormSummary): string | undefined {
  const pass = passwordField(form);
  const text = form.fields.filter(
    (f) => f !== pass && ['text', 'email', 'tel', ''].includes(form.types[f] ?? 'text'),
  );
  return (
    text.find((f) => form.types[f] === 'email') ??
    text.find((f) => USER_NAMES.test(f)) ??
    text.find((f) => USER_PARTS.test(f)) ??
    text[0]
  );
}
