import { BinaryHistoryError } from '@sessionchaos/core';
import { StoryCollector, type FindingStories } from './finding-stories.ts';
import { chooseHistory, eachHistoryOp, fallBackToNdjson, type HistoryChoice } from './history-reader.ts';

/**
 * The findings' stories from a second pass over a history already checked (the examples are only
 * known once the check ended): `undefined` when no finding has an example. A binary history that
 * turns out bad is read from its NDJSON instead, as the check did.
 */
export async function storiesOf(
  choice: HistoryChoice,
  findings: readonly { examples: readonly number[] }[],
): Promise<FindingStories | undefined> {
  for (;;) {
    const collector = new StoryCollector(findings);
    if (!collector.needed) return undefined;
    try {
      await eachHistoryOp(choice, [], collector.feed);
      return collector.stories();
    } catch (error) {
      if (!(error instanceof BinaryHistoryError) || choice.source !== 'binary') throw error;
      choice = fallBackToNdjson(choice, error);
    }
  }
}

/**
 * {@link storiesOf} the history a run wrote into `dir`. The stories are extras: when the history
 * cannot be read, the reports go without them and the note says why.
 */
export async function storiesOfRun(
  dir: string,
  findings: readonly { examples: readonly number[] }[],
): Promise<{ stories?: FindingStories; note?: string }> {
  try {
    const stories = await storiesOf(await chooseHistory(dir), findings);
    return stories === undefined ? {} : { stories };
  } catch (error) {
    return {
      note: `the findings' examples could not be told: reading the history failed: ${(error as Error).message}`,
    };
  }
}
