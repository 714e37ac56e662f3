import type { Writable } from 'node:stream';
import type { Shard } from '@sessionchaos/core';
import type { LoadedScenario } from '../scenario-file.ts';
import type { RunMeter } from './run-meter.ts';

/** Everything a command decided before a run: the scenario, the seed, where reports go, the terminal. */
export interface RunInvocation {
  loaded: LoadedScenario;
  seed: number;
  outDir: string;
  dashboard: boolean;
  keepLab: boolean;
  /** This process's shard of the run (`--shard K/N`). */
  shard?: Shard;
  /** Wall-clock instant (epoch ms) the traffic starts at (`--start-at`). */
  startAt?: number;
  /** Measures the lab before the load and at the end of the steady state (`compare`); labs only. */
  meter?: RunMeter;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  out: Writable;
  err: Writable;
}
