const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Run time as `m:ss` (`h:mm:ss` past an hour). */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = String(total % 60).padStart(2, '0');
  const m = Math.floor(total / 60);
  if (m < 60) return `${m}:${s}`;
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${s}`;
}

/** A share (0–1) as a percentage with one decimal below 10%. */
export function percent(share: number): string {
  const p = share * 100;
  return `${p > 0 && p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

/** Milliseconds, rounded sensibly. */
export function millis(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${ms >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
}

/** A count with thin grouping (`12 345`). */
export function count(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** The last `width` values as a sparkline scaled to their maximum (blank when all are zero). */
export function sparkline(values: readonly number[], width: number): string {
  const tail = values.slice(Math.max(0, values.length - width));
  const max = Math.max(0, ...tail);
  const line = tail.map((v) =>
    max === 0 || v <= 0 ? ' ' : BLOCKS[Math.min(7, Math.floor((v / max) * 7.999))],
  );
  return line.join('').padStart(width, ' ');
}

/** A horizontal bar of `width` cells filled to `share` (0–1). */
export function bar(share: number, width: number): string {
  const full = Math.round(Math.max(0, Math.min(1, share)) * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}
