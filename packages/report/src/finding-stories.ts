import { isVuOp, type Op, type VuOp } from '@sessionchaos/core';

/** Per finding (in the analysis' order), one short story per example op: what its user saw around it. */
export type FindingStories = string[][];

/** Ops told after the example: enough to show whether the user got back in. */
const AFTER = 3;

interface Story {
  finding: number;
  slot: number;
  vu: number;
  /** The example op. */
  example: VuOp;
  ops: VuOp[];
  /** Ops still to take after the example. */
  left: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** An answer that named the user it was sent for: the session was seen alive. */
const namesUser = (op: VuOp, user: string | undefined): boolean =>
  op.type === 'ok' && typeof op.identity === 'string' && op.identity === user;

/** What one op showed, in a few words and without its time (consecutive equal ones are merged). */
export function opWords(op: VuOp, user: string | undefined, after: boolean): string {
  const node = op.node !== undefined ? ` on ${op.node}` : '';
  if (op.step === 'login' && op.type === 'ok') return `logged in${after ? ' again' : ''}${node}`;
  if (typeof op.identity === 'string')
    return `${op.step} named ${op.identity}${op.identity === user ? '' : ` (not ${user ?? 'its user'})`}${node}`;
  if (op.redirectLoop !== undefined) return `${op.step} looped redirects${node}`;
  if (op.status === undefined)
    return `${op.step} got no answer${op.error !== undefined ? ` (${op.error})` : ''}`;
  const value = op.value !== undefined && op.type === 'ok' ? ` ${JSON.stringify(op.value)}` : '';
  if (op.identity === null) return `${op.step} answered ${op.status} as nobody${node}`;
  return `${op.step} answered ${op.status}${value}${node}`;
}

/** One story: `user-7: whoami named user-7 on app-2 at 7.85 s; whoami answered 401 on app-1 at 8.10 s and 8.35 s`. */
export function storyText(ops: readonly VuOp[], example: VuOp, user: string | undefined): string {
  const at = ops.indexOf(example);
  const parts: { words: string; times: number[] }[] = [];
  for (const [i, op] of ops.entries()) {
    const words = opWords(op, user, at >= 0 && i > at);
    const last = parts.at(-1);
    if (last && last.words === words) last.times.push(op.time);
    else parts.push({ words, times: [op.time] });
  }
  const when = (times: number[]): string =>
    times.length <= 3
      ? `at ${times.map(seconds).join(times.length === 2 ? ' and ' : ', ')}`
      : `${times.length} times from ${seconds(times[0]!)} to ${seconds(times.at(-1)!)}`;
  const who = user ?? `VU ${ops[0]?.process ?? '?'}`;
  return `${who}: ${parts.map((p) => `${p.words} ${when(p.times)}`).join('; ')}`;
}

/**
 * Builds the findings' stories in one pass over the history, in bounded memory: per VU it keeps
 * only the last answer that named its user (the session seen alive) and its name; around each
 * example op it keeps the example and the {@link AFTER} completions of that VU that follow (fewer
 * when the user is named again or logs in again first). Feed every op in history order.
 */
export class StoryCollector {
  readonly #wanted = new Map<number, { finding: number; slot: number }[]>();
  readonly #named = new Map<number, VuOp>();
  readonly #users = new Map<number, string>();
  readonly #open = new Map<number, Story[]>();
  readonly #done: Story[] = [];
  readonly #shape: number[];
  /** Position of the next op: examples name positions (the file's `index`, not an op's own). */
  #position = 0;

  constructor(findings: readonly { examples: readonly number[] }[]) {
    this.#shape = findings.map((f) => f.examples.length);
    findings.forEach((f, finding) =>
      f.examples.forEach((index, slot) => {
        const list = this.#wanted.get(index) ?? [];
        list.push({ finding, slot });
        this.#wanted.set(index, list);
      }),
    );
  }

  /** Whether any finding has an example: without one, no pass is needed. */
  get needed(): boolean {
    return this.#wanted.size > 0;
  }

  /** One op, in history order. */
  feed = (op: Op): void => {
    const position = this.#position++;
    if (!isVuOp(op)) return;
    const vu = op.process;
    if (op.user !== undefined && this.#users.get(vu) !== op.user) this.#users.set(vu, op.user);
    if (op.type === 'invoke') return;
    const open = this.#open.get(vu);
    if (open) this.#after(vu, open, op);
    const wanted = this.#wanted.get(position);
    if (wanted) {
      const before = this.#named.get(vu);
      const stories = this.#open.get(vu) ?? [];
      for (const w of wanted)
        stories.push({
          ...w,
          vu,
          example: op,
          ops: before && before !== op ? [before, op] : [op],
          left: AFTER,
        });
      this.#open.set(vu, stories);
    }
    if (namesUser(op, this.#users.get(vu)) || (op.step === 'login' && op.type === 'ok'))
      this.#named.set(vu, op);
  };

  #after(vu: number, open: Story[], op: VuOp): void {
    const user = this.#users.get(vu);
    const settles = namesUser(op, user) || (op.step === 'login' && op.type === 'ok');
    for (let i = open.length - 1; i >= 0; i--) {
      const story = open[i]!;
      story.ops.push(op);
      story.left--;
      // Once the user is named again (or logged in again), the story has its end.
      if (story.left === 0 || settles) {
        this.#done.push(story);
        open.splice(i, 1);
      }
    }
    if (open.length === 0) this.#open.delete(vu);
  }

  /** The stories, per finding and example (an example never seen in the history has none: ''). */
  stories(): FindingStories {
    const out = this.#shape.map((n) => Array.from({ length: n }, () => ''));
    for (const list of this.#open.values()) this.#done.push(...list);
    this.#open.clear();
    for (const s of this.#done) out[s.finding]![s.slot] = storyText(s.ops, s.example, this.#users.get(s.vu));
    return out;
  }
}
