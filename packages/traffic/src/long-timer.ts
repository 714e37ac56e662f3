/** Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer delay fires after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A pending {@link setLongTimeout}: cancel it, or let it keep the process alive or not. */
export interface LongTimer {
  clear(): void;
  unref(): LongTimer;
}

/**
 * `setTimeout` for any delay: past Node's limit it waits in chunks, so a long run is never cut
 * short by an overflowing timer (which would end a "1000h" run after a millisecond, and pass).
 */
export function setLongTimeout(fn: () => void, ms: number): LongTimer {
  const dueAt = Date.now() + ms;
  let unref = false;
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    const left = dueAt - Date.now();
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(fn, Math.max(0, left));
    if (unref) timer.unref();
  };
  arm();
  const handle: LongTimer = {
    clear: () => clearTimeout(timer),
    unref: () => {
      unref = true;
      timer.unref();
      return handle;
    },
  };
  return handle;
}
