// Writes schema/scenario.schema.json from the validator's own definitions: `pnpm --filter @sessionchaos/core schema`.
// A test fails when the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../src/scenario/scenario-schema.ts';

const file = new URL('../schema/scenario.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${file.pathname}\n`);
