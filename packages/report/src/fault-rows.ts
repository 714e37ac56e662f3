import type { RunAnalysis } from '@sessionchaos/core';
import { faultAction, faultSpan, int, recoveryWords } from './format.ts';

/** The columns of the faults table, in the order {@link faultRows} fills them. */
export const FAULT_COLUMNS = [
  'fault',
  'action',
  'window',
  'healed',
  'bad ops',
  'first bad op',
  'steady again',
];

/**
 * One row per fault window, with its recovery, for the Markdown and HTML reports alike: `text`
 * escapes a text for the format, `strong` marks the word of a fault left unhealed.
 */
export function faultRows(
  a: RunAnalysis,
  text: (s: string) => string,
  strong: (s: string) => string,
): string[][] {
  const recoveries = new Map(a.check.recoveries.map((r) => [r.fault, r]));
  return a.check.faults.map((w) => {
    const r = recoveries.get(w.id);
    const words = recoveryWords(r);
    const healed = w.healed ? 'yes' : `${strong('no')}${w.error !== undefined ? `: ${text(w.error)}` : ''}`;
    return [
      text(w.id),
      text(faultAction(w)),
      faultSpan(w),
      healed,
      int(r?.badOps ?? 0),
      words.firstBad,
      words.steady,
    ];
  });
}
