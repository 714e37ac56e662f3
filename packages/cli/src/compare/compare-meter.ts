import {
  armTrafficMeter,
  fillSessions,
  labMemory,
  type ContainerMemory,
  type LabTraffic,
  type StartedLabCluster,
  type TrafficMeter,
} from '@sessionchaos/lab';
import type { RunMeter } from '../run/run-meter.ts';

/** Sessions created before the memory baseline: the app's code paths and pools warm up on them. */
export const WARM_UP_SESSIONS = 200;
/** Sessions created between the two memory samples. */
export const FILL_SESSIONS = 1000;

/** What the meter read on one strategy's lab. */
export interface LabMeasure {
  /** Memory around the fill: before and after `filled` sessions were created, just before the load. */
  before: ContainerMemory[];
  after: ContainerMemory[];
  /** Sessions the fill created (its logins that worked). */
  filled: number;
  /** Run clock of the traffic reading: the logins before it are the ones the bytes are divided by. */
  atMs: number;
  /** Bytes between containers from the start of the load to `atMs`; null when not counted (see `notes`). */
  traffic: LabTraffic | null;
  /** What could not be measured, and why. */
  notes: string[];
}

const why = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The meter of one compare run. Memory: the run's own users create a few dozen sessions, far below the noise of
 * a heap that is still warming up (nodes holding no session at all grew by 1-3 MiB in such runs), so before the
 * load the meter warms the lab up with {@link WARM_UP_SESSIONS} logins, samples every container, creates
 * {@link FILL_SESSIONS} more and samples again. Traffic: byte counters armed after the fill, read before the
 * first fault, so they count the load's own logins.
 */
export class CompareMeter implements RunMeter {
  readonly #fill: boolean;
  #before: ContainerMemory[] = [];
  #after: ContainerMemory[] = [];
  #filled = 0;
  #traffic: TrafficMeter | null = null;
  #measure: LabMeasure | null = null;
  readonly #notes: string[] = [];

  /** `fill`: whether the strategy keeps sessions at all (JWT does not: nothing to fill). */
  constructor({ fill }: { fill: boolean }) {
    this.#fill = fill;
  }

  async start(lab: StartedLabCluster): Promise<void> {
    if (this.#fill) {
      try {
        await fillSessions(lab, WARM_UP_SESSIONS, { from: 0 });
        this.#before = await labMemory(lab);
        const failed = await fillSessions(lab, FILL_SESSIONS, { from: WARM_UP_SESSIONS });
        // Asynchronous copies (Tomcat's async delta) land within this pause.
        await new Promise((r) => setTimeout(r, 1000));
        this.#after = await labMemory(lab);
        this.#filled = FILL_SESSIONS - failed;
        if (failed > 0)
          this.#notes.push(`${failed} of the ${FILL_SESSIONS} logins of the memory fill failed`);
      } catch (error) {
        this.#notes.push(`no memory figures: ${why(error)}`);
      }
    }
    try {
      this.#traffic = await armTrafficMeter(lab);
    } catch (error) {
      this.#notes.push(`no traffic figures: ${why(error)}`);
    }
  }

  async stop(_lab: StartedLabCluster, atMs: number): Promise<void> {
    let traffic: LabTraffic | null = null;
    try {
      traffic = (await this.#traffic?.read()) ?? null;
    } catch (error) {
      this.#notes.push(`no traffic figures: ${why(error)}`);
    }
    await this.#traffic?.disarm();
    this.#measure = {
      before: this.#before,
      after: this.#after,
      filled: this.#filled,
      atMs,
      traffic,
      notes: this.#notes,
    };
  }

  /** The figures, once `stop` ran. */
  get measure(): LabMeasure | null {
    return this.#measure;
  }
}
