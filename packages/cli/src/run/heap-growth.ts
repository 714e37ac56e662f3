import { setFlagsFromString } from 'node:v8';

/**
 * How much V8 lets the old generation grow past what a full GC found alive, in percent: the next
 * full GC comes when the heap reaches live × (1 + percent / 100).
 */
export const HEAP_GROWING_PERCENT = 50;

let applied = false;

/**
 * Keeps the run's heap near what it holds alive. A load run allocates fast and promotes every
 * in-flight request's objects, so V8 picks its largest growing factor (4): a 2,000-user run held
 * ~63 MB alive but let its heap reach ~375 MB before each full GC, and the resident memory climbed
 * for the first 90 s (`pnpm bench:memory`). With 1.5, full GCs come more often, on the same small
 * live set. V8 reads the flag at every full GC, so setting it at run time takes effect.
 */
export function tightenHeapGrowth(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
