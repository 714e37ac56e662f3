import type { VuOp } from '@sessionchaos/core';
import type { Answer } from './capture.ts';
import type { VuJar } from './cookie-jar.ts';

/**
 * What the step functions read and write of a virtual user. `VirtualUser` implements it; the
 * functions take this rather than the class so that they never import the file they were split from.
 */
export interface VuState {
  readonly id: number;
  readonly user: string;
  readonly password: string;
  jar: VuJar;
  /** Values captured from answers (`{{csrf}}`, `{{token}}`), kept until the jar is renewed. */
  vars: Map<string, string | number> | undefined;
  epoch: number;
  iteration: number;
  /** The Cookie header the last request sent (what a confirmation of its refusal replays). */
  lastCookie: string;
  /** Open model: the intended start (run ms) the next request's latency counts from. */
  intendedStart: number | undefined;
}

/** The page a step ended on: a later form step without `page` submits a form of it. */
export interface PageState {
  url: string;
  answer: Answer;
}

/** One walked step: the op it recorded and the page it ended on (none without an answer). */
export interface StepOutcome {
  op: VuOp;
  page: PageState | undefined;
}
