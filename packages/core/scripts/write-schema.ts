// Writes schema/scenario.schema.json and docs/scenario-reference.md from the field tables of
// src/scenario/fields/: `pnpm schema` (or `pnpm --filter @sessionchaos/core schema`).
// A test fails when either committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { scenarioReference } from '../src/scenario/scenario-reference.ts';
import { scenarioJsonSchema } from '../src/scenario/scenario-schema.ts';

const schema = new URL('../schema/scenario.schema.json', import.meta.url);
const reference = new URL('../../../docs/scenario-reference.md', import.meta.url);
writeFileSync(schema, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
writeFileSync(reference, scenarioReference());
process.stdout.write(`wrote ${schema.pathname}\nwrote ${reference.pathname}\n`);
