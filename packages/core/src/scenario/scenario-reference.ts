import { stringify } from 'yaml';
import { type Field, type FieldTable } from './fields/field.ts';
import { CHECK_FIELDS } from './fields/check-fields.ts';
import { FAULT_FIELDS } from './fields/fault-fields.ts';
import { GATE_ERROR_RATE_FIELDS, GATE_FINDING_FIELDS, GATE_LATENCY_FIELDS } from './fields/gate-fields.ts';
import { JOURNEY_FIELDS } from './fields/journey-fields.ts';
import { LAB_FIELDS } from './fields/lab-fields.ts';
import { LOAD_FIELDS } from './fields/load-fields.ts';
import { CAPTURE_FIELDS } from './fields/step-fields.ts';
import { STEP_KIND_REGISTRY } from './step-kinds/step-kind-registry.ts';
import { TARGET_URL_FIELDS } from './fields/target-fields.ts';
import { EXPECT_FIELDS, PROBES_FIELDS, TOP_FIELDS } from './fields/top-fields.ts';

/** One section of the reference: a table of fields under a path. */
interface Section {
  title: string;
  /** The path the table's fields sit under (`target.journey`), `''` at the top. */
  path: string;
  intro: string;
  fields: FieldTable;
}

const SECTIONS: Section[] = [
  {
    title: 'Top level',
    path: '',
    intro: 'A scenario file is YAML (or TypeScript through `defineScenario`).',
    fields: TOP_FIELDS,
  },
  {
    title: 'target: the lab',
    path: 'target.lab',
    intro:
      'The built-in reference cluster, started for the run. Options that apply to one strategy are refused with another.',
    fields: LAB_FIELDS,
  },
  {
    title: 'target: any cluster by URL',
    path: 'target',
    intro: 'Give `url` (not `lab`).',
    fields: TARGET_URL_FIELDS,
  },
  {
    title: 'target.journey',
    path: 'target.journey',
    intro:
      'How a browser or a client uses the app. `sessionchaos journey FILE` walks it once and explains every request.',
    fields: JOURNEY_FIELDS,
  },
  ...STEP_KIND_REGISTRY.map((k) => ({
    title: `Journey step: ${k.title}`,
    path: '(step)',
    intro: k.intro,
    fields: k.fields,
  })),
  {
    title: 'Captures',
    path: '(capture)',
    intro:
      'Where a value is in an answer: a string (`$.token` is a JSON path, `/csrf: (\\w+)/` a regex) or an object with exactly one of these keys (`attr` only with `html`).',
    fields: CAPTURE_FIELDS,
  },
  {
    title: 'load',
    path: 'load',
    intro: 'Closed model by default; `model: open` for a rate of arrivals.',
    fields: LOAD_FIELDS,
  },
  { title: 'faults', path: 'faults[]', intro: 'Each fault of the list.', fields: FAULT_FIELDS },
  {
    title: 'gate: a finding threshold',
    path: 'gate[]',
    intro: 'Each item of `gate` is one of three kinds.',
    fields: GATE_FINDING_FIELDS,
  },
  { title: 'gate: a latency threshold', path: 'gate[]', intro: '', fields: GATE_LATENCY_FIELDS },
  { title: 'gate: an error-rate threshold', path: 'gate[]', intro: '', fields: GATE_ERROR_RATE_FIELDS },
  {
    title: 'check',
    path: 'check',
    intro:
      'Checker options. Durations are written without `Ms` (`afterFault: 10s`); `afterFaultMs: 10000` works too.',
    fields: CHECK_FIELDS,
  },
  { title: 'probes', path: 'probes', intro: 'At the top level, beside `check`.', fields: PROBES_FIELDS },
  { title: 'expect', path: 'expect', intro: '', fields: EXPECT_FIELDS },
];

/** A value as a scenario file writes it, on one line. */
function flow(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

function row(path: string, f: Field): string {
  const type = f.values ? `${f.type}: ${f.values.map((v) => code(String(v))).join(', ')}` : f.type;
  const dflt = f.required
    ? '**required**'
    : f.default !== undefined
      ? code(flow(f.default))
      : (f.defaultText ?? '');
  return `| ${code(path)} | ${cell(type)} | ${cell(dflt)} | ${cell(code(flow(f.example)))} | ${cell(f.description)} |`;
}

/** Rows of a table, nested objects' fields under their dotted path (a request's own fields left to its section). */
function rows(prefix: string, table: FieldTable): string[] {
  const out: string[] = [];
  for (const [name, f] of Object.entries(table)) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.push(row(path, f));
    if (!f.fields) continue;
    const own = Object.fromEntries(Object.entries(f.fields).filter(([k, sub]) => f.like?.fields[k] !== sub));
    if (f.like) out.push(`| ${code(`${path}.*`)} | | | | every field of ${f.like.title} |`);
    // A table with a section of its own (the journey, the lab, load...) is described there.
    if (!SECTIONS.some((s) => s.fields === f.fields)) out.push(...rows(path, own));
  }
  return out;
}

const anchor = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

/**
 * `docs/scenario-reference.md`: every field of a scenario with its type, default, an example and what it does,
 * written from the same field tables as the JSON Schema (`pnpm schema` writes both; a test checks they are current).
 */
export function scenarioReference(): string {
  const lines = [
    '# Scenario reference',
    '',
    '<!-- Generated from packages/core/src/scenario/fields/ by `pnpm schema`: edit the tables there, not this file. -->',
    '',
    'Every field of a scenario file. Editors complete and explain the same fields from the JSON Schema',
    '(`@sessionchaos/core/schema/scenario.schema.json`, found through the first line',
    '`# yaml-language-server: $schema=https://unpkg.com/@sessionchaos/core/schema/scenario.schema.json`).',
    '`sessionchaos validate FILE` checks a file and reports every error at once, with its line and the valid choices;',
    'an unknown field is an error everywhere. Durations are milliseconds or strings such as `500ms`, `30s`, `2m`, `1h`.',
    'Templates (`{{name}}`) may use `{{vu}}`, `{{username}}`, `{{password}}`, `{{value}}`, `{{iteration}}`,',
    '`{{cookie.NAME}}` and any name a step captures.',
    '',
    ...SECTIONS.map((s) => `- [${s.title}](#${anchor(s.title)})`),
  ];
  for (const s of SECTIONS) {
    lines.push('', `## ${s.title}`, '');
    if (s.intro) lines.push(s.intro, '');
    lines.push('| field | type | default | example | description |', '| --- | --- | --- | --- | --- |');
    lines.push(...rows(s.path, s.fields));
  }
  return `${lines.join('\n')}\n`;
}
