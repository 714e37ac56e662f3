import type { GateResult } from '@sessionchaos/core';
import { escapeXml as x } from './escape.ts';
import { faultWords, findingLine, observed } from './format.ts';
import { findingsOf, thresholdOf } from './gate-findings.ts';
import type { ReportInput } from './run-meta.ts';
import { summaryLines } from './summary-lines.ts';

/** Why a gate failed: its numbers, then the findings it judged and the fault windows they fell in. */
function failureBody(gate: GateResult, input: ReportInput): { message: string; body: string[] } {
  const a = input.analysis;
  const threshold = thresholdOf(gate, input.thresholds);
  const findings = findingsOf(threshold, a.check.findings);
  const scope =
    threshold?.scope !== undefined && threshold.scope !== 'all' ? ` in scope ${threshold.scope}` : '';
  let message = `${gate.name}: observed ${observed(gate)}${scope}, threshold ${gate.threshold}`;
  if (findings.length > 0) {
    const counts = findings.map((f) => `${f.count} in ${f.fault ?? 'steady state'}`).join(', ');
    const users = findings.reduce((n, f) => n + f.affectedUsers, 0);
    message += ` (${findings[0]!.kind}: ${counts}; ${users} users)`;
  }
  const body = findings.map((f) => findingLine(f, a.check.faults));
  if (findings.length === 0 && a.check.faults.length > 0) {
    body.push(`fault windows in this run: ${a.check.faults.map(faultWords).join('; ')}`);
  }
  return { message, body };
}

/** A test case of JUnit's own: a gate, or a run-level case (`run completed`, whose error type is `interrupted`). */
type JunitCase = GateResult & { errorType?: string };

function testcase(gate: JunitCase, input: ReportInput): string {
  const open = `    <testcase name="${x(gate.name)}" classname="${x(input.scenario.name)}" time="0"`;
  if (gate.verdict === 'pass') return `${open}/>`;
  if (gate.nothingToJudge === true)
    return `${open}>\n      <skipped message="${x(gate.reason ?? 'nothing to judge')}"/>\n    </testcase>`;
  if (gate.verdict === 'unknown') {
    const reason = gate.reason ?? 'the gate could not be judged';
    const type = gate.errorType ?? 'unknown';
    return `${open}>\n      <error message="${x(reason)}" type="${x(type)}">${x(`${gate.name}: ${reason}`)}</error>\n    </testcase>`;
  }
  const { message, body } = failureBody(gate, input);
  return (
    `${open}>\n      <failure message="${x(message)}" type="gate">` +
    `${x([message, ...body].join('\n'))}</failure>\n    </testcase>`
  );
}

/**
 * The run-level test cases, so that a CI reading only junit.xml never sees green on a run that
 * tested nothing: `run completed` (an error of type `interrupted`, saying when and what ran, when the
 * run was stopped before its plan ended), `journey coverage` (an error when the journey did not work),
 * `faults took effect` (when faults were planned: an error naming each required one that did not), and
 * `verdict` when the run is `unknown` for a reason no gate's error shows (a written gate with nothing to judge).
 */
function runCases(input: ReportInput): JunitCase[] {
  const a = input.analysis;
  // A CI reading only junit.xml must not see the gates of the part that ran as the run's result.
  const interrupted: JunitCase[] =
    a.gate.verdict === 'interrupted'
      ? [
          {
            name: 'run completed',
            threshold: 'the whole plan ran',
            observed: null,
            passed: null,
            verdict: 'unknown',
            reason: a.gate.reason ?? 'the run was interrupted',
            errorType: 'interrupted',
          },
        ]
      : [];
  const c = a.coverage;
  const coverage: GateResult = c.sufficient
    ? { name: 'journey coverage', threshold: 'sufficient', observed: null, passed: true, verdict: 'pass' }
    : {
        name: 'journey coverage',
        threshold: 'sufficient',
        observed: null,
        passed: null,
        verdict: 'unknown',
        reason: `${c.diagnosis}. Fix: ${c.fix}`,
      };
  // Planned faults are a case of their own: a resilience gate is green only with its faults in effect.
  const f = c.faults;
  const faults: JunitCase[] =
    f.planned === 0
      ? []
      : c.faultShortfall === undefined
        ? [
            {
              name: 'faults took effect',
              threshold: 'every required fault',
              observed: f.effective,
              passed: true,
              verdict: 'pass',
            },
          ]
        : [
            {
              name: 'faults took effect',
              threshold: 'every required fault',
              observed: f.effective,
              passed: null,
              verdict: 'unknown',
              reason: c.faultShortfall,
            },
          ];
  const shown =
    c.faultShortfall !== undefined ||
    a.gate.gates.some((g) => g.verdict === 'unknown' && g.nothingToJudge !== true);
  if (a.gate.verdict !== 'unknown' || !c.sufficient || shown) return [...interrupted, coverage, ...faults];
  const reason = a.gate.reason ?? 'a gate the scenario wrote had nothing to judge';
  return [
    coverage,
    ...faults,
    { name: 'verdict', threshold: 'judged', observed: null, passed: null, verdict: 'unknown', reason },
  ];
}

/**
 * junit.xml: one test suite for the run, one test case per gate (classname = scenario name).
 * A failed gate carries a `<failure>` naming the findings it judged and their fault windows;
 * a gate that could not be judged carries an `<error>` with the reason, one with nothing to judge
 * is `<skipped>`; the run's coverage is a test case of its own ({@link runCases}).
 */
export function renderJunit(input: ReportInput): string {
  const a = input.analysis;
  const gates = [...a.gate.gates, ...runCases(input)];
  const failures = gates.filter((g) => g.verdict === 'fail').length;
  const skipped = gates.filter((g) => g.nothingToJudge === true).length;
  const errors = gates.filter((g) => g.verdict === 'unknown').length - skipped;
  const time = (input.durationMs / 1000).toFixed(3);
  const counts = `tests="${gates.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}"`;
  const properties = [
    ['verdict', a.gate.verdict],
    ['seed', String(input.seed)],
    ['target', input.target.url],
    ['strategy', input.target.strategy ?? 'external'],
    ...(input.scenario.file !== undefined ? [['scenario-file', input.scenario.file]] : []),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sessionchaos" ${counts}>`,
    `  <testsuite name="${x(`sessionchaos: ${input.scenario.name}`)}" ${counts} timestamp="${x(input.startedAt)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${x(name!)}" value="${x(value!)}"/>`),
    '    </properties>',
    ...gates.map((g) => testcase(g, input)),
    `    <system-out>${x(summaryLines(input).join('\n'))}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
