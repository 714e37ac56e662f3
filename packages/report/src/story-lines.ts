import type { FindingKind } from '@sessionchaos/core';
import type { ReportInput } from './run-meta.ts';

/** One example of a finding, told: the finding's kind and its story (finding-stories.ts). */
export interface StoryLine {
  kind: FindingKind;
  /** Which of the kind's findings (fault windows) it belongs to, as its detail names it. */
  fault: string | null;
  text: string;
}

/** The told examples of every finding, in the findings' order (none when the run told none). */
export function storyLines(input: ReportInput): StoryLine[] {
  const findings = input.analysis.check.findings;
  return (input.stories ?? []).flatMap((stories, i) => {
    const f = findings[i];
    if (f === undefined) return [];
    return stories.filter((text) => text !== '').map((text) => ({ kind: f.kind, fault: f.fault, text }));
  });
}

/** The heading sentence above the stories. */
export const STORIES_INTRO =
  'Evidence: for a few users of each finding, what the history shows around the op that was flagged.';
