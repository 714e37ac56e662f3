// Loaded with `node --import` into the process measured (the real CLI): appends one JSON line of
// process.memoryUsage() and the CPU time used so far to $SESSIONCHAOS_MEMORY_SAMPLES every
// $SESSIONCHAOS_MEMORY_EVERY_MS (default 30,000), from the process's start. The timer is unref'd, so it never keeps the
// process alive, and the file is written synchronously so a sample is never lost at exit.
import { appendFileSync } from 'node:fs';

const file = process.env.SESSIONCHAOS_MEMORY_SAMPLES;
const every = Number(process.env.SESSIONCHAOS_MEMORY_EVERY_MS ?? 30_000);
if (file) {
  const t0 = performance.now();
  setInterval(() => {
    const m = process.memoryUsage();
    const cpu = process.cpuUsage();
    const line = {
      atMs: Math.round(performance.now() - t0),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      // CPU time so far (user + system), to weigh a memory figure against what it cost.
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, every).unref();
}
