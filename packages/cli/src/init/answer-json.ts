import type { Visit } from './browser.ts';

/** The answer's body as JSON, or undefined when it is not JSON (or there was no answer). */
export function answerJson(v: Visit): unknown {
  try {
    return JSON.parse(v.answer?.body ?? '');
  } catch {
    return undefined;
  }
}

/** The JSON path of the first string equal to `wanted` in `value` (`$.user.email`), searched breadth-first. */
export function pathTo(value: unknown, wanted: string): string | undefined {
  const queue: [unknown, string][] = [[value, '$']];
  while (queue.length > 0) {
    const [v, at] = queue.shift()!;
    if (v === wanted) return at;
    if (Array.isArray(v)) v.forEach((x, i) => queue.push([x, `${at}[${i}]`]));
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (/^[A-Za-z_$][\w$-]*$/.test(k)) queue.push([x, `${at}.${k}`]);
  }
  return undefined;
}

/** The JSON path of the first key named `key` (breadth-first), when its value is a string or number. */
export function findKey(value: unknown, key: string): string | undefined {
  const queue: [unknown, string][] = [[value, '$']];
  while (queue.length > 0) {
    const [v, at] = queue.shift()!;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    for (const [k, x] of Object.entries(v)) {
      if (k === key && (typeof x === 'string' || typeof x === 'number')) return `${at}.${k}`;
      if (/^[A-Za-z_$][\w$-]*$/.test(k)) queue.push([x, `${at}.${k}`]);
    }
  }
  return undefined;
}
