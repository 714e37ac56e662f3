import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  CheckOptions,
  FindingKind,
  Interruption,
  RunAnalysis,
  Threshold,
  Verdict,
} from '@sessionchaos/core';
import type { FindingStories } from './finding-stories.ts';

/** What a finished (or re-checked) run hands to the writers. */
export interface RunMeta {
  scenario: { name: string; description?: string; file?: string };
  /** The lab strategy, or `null` for an external target. */
  target: { url: string; strategy: string | null };
  seed: number;
  /** ISO time. */
  startedAt: string;
  /** Wall length of the run. */
  durationMs: number;
  /** The gate, kept so that `sessionchaos report <dir>` can judge the run again. */
  thresholds: Threshold[];
  checkOptions: CheckOptions;
  expect?: { verdict?: Verdict; findings?: FindingKind[] };
  /** App node names known up front (a node that served nothing still shows). */
  nodes?: string[];
  /**
   * A shard of a run split N ways (`--shard K/N`), with the instant its run clock read 0 and, when
   * the shards agreed on one (`--start-at`), that instant: merge names a shard that started late.
   */
  shard?: { index: number; count: number; startEpochMs: number; agreedStartEpochMs?: number };
  /**
   * The run stopped before its plan ended, or (`by: 'unfinished'`, written as a run starts) has not
   * ended yet: `report` and `merge` judge it `interrupted` again.
   */
  interrupted?: Interruption;
}

/** A run's meta and its analysis: everything a report is written from. */
export interface ReportInput extends RunMeta {
  analysis: RunAnalysis;
  /** Things the reader should know about how the report was made (e.g. a cut-off history). */
  notes?: string[];
  /** Per finding of the analysis, the story of each example (read-stories.ts); absent: none told. */
  stories?: FindingStories;
}

/** File name of the run's meta inside a report directory. */
export const RUN_META_FILE = 'run.json';
/** File name of the run's history inside a report directory. */
export const HISTORY_FILE = 'history.ndjson';
/**
 * File name of the run's binary history (core's binary-format.ts) beside {@link HISTORY_FILE}: the
 * same ops, compact, read by `report` and `merge` when it is whole; the NDJSON stays the source of truth.
 */
export const HISTORY_BIN_FILE = 'history.bin';

// Bumped when run.json changes in a way an older reader would misread.
const FORMAT = 1;

/** Writes `<dir>/run.json` (the CLI may write it at the start of a run, then again at its end). */
export async function writeRunMeta(dir: string, meta: RunMeta): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, RUN_META_FILE);
  const m: RunMeta = {
    scenario: meta.scenario,
    target: meta.target,
    seed: meta.seed,
    startedAt: meta.startedAt,
    durationMs: meta.durationMs,
    thresholds: meta.thresholds,
    checkOptions: meta.checkOptions,
    ...(meta.expect !== undefined ? { expect: meta.expect } : {}),
    ...(meta.nodes !== undefined ? { nodes: meta.nodes } : {}),
    ...(meta.shard !== undefined ? { shard: meta.shard } : {}),
    ...(meta.interrupted !== undefined ? { interrupted: meta.interrupted } : {}),
  };
  await writeFile(path, JSON.stringify({ format: FORMAT, ...m }, null, 2) + '\n');
  return path;
}

/** A run.json that could not be read; the message names the file and the fix. */
export class RunMetaError extends Error {
  readonly path: string;
  constructor(path: string, reason: string, fix: string) {
    super(`could not read ${path}: ${reason}. ${fix}`);
    this.name = 'RunMetaError';
    this.path = path;
  }
}

const FIX_MISSING =
  '`sessionchaos report <dir>` needs a directory written by `sessionchaos run --out <dir>` ' +
  '(it holds run.json and history.ndjson); check the path.';
const FIX_BAD =
  'The file was not written by sessionchaos or was edited; run the scenario again to get a new one.';

/** Reads `<dir>/run.json` back, checking its shape. */
export async function readRunMeta(dir: string): Promise<RunMeta> {
  const path = join(dir, RUN_META_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'ENOTDIR' ? `${dir} is not a directory` : String(error);
    throw new RunMetaError(path, reason, FIX_MISSING);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RunMetaError(path, `not JSON (${(error as Error).message})`, FIX_BAD);
  }
  const problem = shapeProblem(value);
  if (problem !== undefined) throw new RunMetaError(path, problem, FIX_BAD);
  const { format, ...meta } = value as RunMeta & { format?: unknown };
  if (format !== undefined && format !== FORMAT) {
    throw new RunMetaError(
      path,
      `format ${String(format)} is not one this version reads (${FORMAT})`,
      'Use the sessionchaos version that wrote it, or run the scenario again.',
    );
  }
  return meta;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first thing wrong with a parsed run.json, or undefined. */
function shapeProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  if (!isObject(v.scenario) || typeof v.scenario.name !== 'string') return '"scenario.name" must be a string';
  if (!isObject(v.target) || typeof v.target.url !== 'string') return '"target.url" must be a string';
  if (v.target.strategy !== null && typeof v.target.strategy !== 'string')
    return '"target.strategy" must be a string or null';
  if (typeof v.seed !== 'number') return '"seed" must be a number';
  if (typeof v.startedAt !== 'string') return '"startedAt" must be an ISO time string';
  if (typeof v.durationMs !== 'number') return '"durationMs" must be a number';
  if (!Array.isArray(v.thresholds)) return '"thresholds" must be an array';
  for (const [i, t] of v.thresholds.entries()) {
    if (!isObject(t) || (t.metric !== 'finding' && t.metric !== 'latency' && t.metric !== 'error-rate'))
      return `"thresholds[${i}].metric" must be finding, latency or error-rate`;
  }
  if (!isObject(v.checkOptions)) return '"checkOptions" must be an object';
  if (
    v.shard !== undefined &&
    !(
      isObject(v.shard) &&
      [v.shard.index, v.shard.count, v.shard.startEpochMs].every((n) => typeof n === 'number') &&
      (v.shard.agreedStartEpochMs === undefined || typeof v.shard.agreedStartEpochMs === 'number')
    )
  )
    return '"shard" must be {index, count, startEpochMs, agreedStartEpochMs?}';
  if (v.nodes !== undefined && !(Array.isArray(v.nodes) && v.nodes.every((n) => typeof n === 'string')))
    return '"nodes" must be an array of strings';
  if (
    v.interrupted !== undefined &&
    !(
      isObject(v.interrupted) &&
      ['signal', 'user', 'unfinished'].includes(String(v.interrupted.by)) &&
      Array.isArray(v.interrupted.plannedFaults)
    )
  )
    return '"interrupted" must be {by: signal, user or unfinished, plannedFaults: [...]}';
  return undefined;
}
