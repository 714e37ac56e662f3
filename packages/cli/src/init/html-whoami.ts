import { compileLocation } from '@sessionchaos/core';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A regex capture that reads the user's name from an HTML page naming them ("Signed in as
 * user-1"): the text before the name in the same text node, then the name as a group of what
 * names are made of. Checked on the page it came from; undefined when the page does not name them
 * after some words of its own (a name alone in a tag says too little to be sure it is the user).
 */
export function htmlIdentity(body: string, username: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = body.indexOf(username, from);
    if (at < 0) return undefined;
    from = at + 1;
    // Words before the name, e.g. "Signed in as ", maybe then one inline tag ("as <strong>"): not a
    // name inside a tag, an attribute or a script string.
    const m =
      /(?:^|>)\s*([A-Za-z][^<>"'=]*?[A-Za-z]{2,}\s*[:,]?\s)(<(?:strong|b|em|span|a|code)\b[^<>]*>)?$/.exec(
        body.slice(Math.max(0, at - 80), at),
      );
    if (!m) continue;
    const re = `/${escape(m[1]!.slice(-40) + (m[2] ?? ''))}([^\\s<>"']+)/`;
    if (compileLocation(re)(body) === username) return re;
  }
}
