export type { ReportInput, RunMeta } from './run-meta.ts';
export {
  HISTORY_BIN_FILE,
  HISTORY_FILE,
  RUN_META_FILE,
  RunMetaError,
  readRunMeta,
  writeRunMeta,
} from './run-meta.ts';
export type { Summary, SummaryCoverage, SummaryFault, SummaryFinding, SummaryGate } from './summary.ts';
export { buildSummary } from './summary.ts';
export { renderJunit } from './junit.ts';
export { renderMarkdown } from './markdown.ts';
export { renderHtml } from './html.ts';
export { REPORT_FILES, writeReports } from './write-reports.ts';
export { binaryHistoryPath, HistoryWriter, type HistoryWriterOptions } from './history-writer.ts';
export { reanalyze, type ReanalyzeOptions } from './reanalyze.ts';
export { recoverHistory, writeNdjsonFromBinary } from './ndjson-from-binary.ts';
export { chooseHistory, eachHistoryOp, type HistoryChoice } from './history-reader.ts';
export * from './merge-shards.ts';
export { DEFAULT_START_TOLERANCE_MS, lateShards } from './shard-lateness.ts';
export { opWords, StoryCollector, storyText, type FindingStories } from './finding-stories.ts';
export { storiesOf, storiesOfRun } from './read-stories.ts';
