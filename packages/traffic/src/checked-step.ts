import type { VuOp } from '@sessionchaos/core';
import type { FormSummary } from './form-summary.ts';

/** The role a checked step played; `whoami-after-logout` asks whether the logout ended the session. */
export type CheckedRole = 'visit' | 'login' | 'whoami' | 'write' | 'read' | 'logout' | 'whoami-after-logout';

/** One request of the walk, with what a person needs to see of its answer. */
export interface CheckedStep {
  role: CheckedRole;
  op: VuOp;
  /** The start of the answer's body, whitespace folded. */
  bodyStart: string;
  /** Values captured by this step: name and a redacted form (`Xk…`, 36 chars). */
  captured: { name: string; redacted: string }[];
  /** The forms of an HTML answer (fields and hidden inputs), for diagnoses. */
  forms: FormSummary[];
}

/** What went wrong and how to fix it. */
export interface JourneyProblem {
  /** Index in `steps` of the step that failed (absent: the journey as a whole). */
  step?: number;
  problem: string;
  fix: string;
}
