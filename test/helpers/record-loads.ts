// Preloaded with `node --import` by startup-loads.test.ts: records the URL of every module the process
// loads (ES modules and CommonJS alike, through module.registerHooks) and writes them, one a line, to the
// file named by SESSIONCHAOS_RECORD_LOADS when the process exits. It measures what a command loads, not time.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env['SESSIONCHAOS_RECORD_LOADS'];
const loaded: string[] = [];
registerHooks({
  load(url, context, next) {
    loaded.push(url);
    return next(url, context);
  },
});
process.on('exit', () => {
  if (file) writeFileSync(file, `${loaded.join('\n')}\n`);
});
