import { DEFAULT_JOURNEY, URL_JOURNEY_BASE, type JourneySpec } from './journey.ts';
import { LAB_STRATEGY_NAMES, labJourney } from './lab-strategies/lab-strategy-registry.ts';
import { LIMITS } from './limits.ts';
import type { Scenario, ScenarioOverrides } from './scenario.ts';
import type { SpecErrors } from './spec-error.ts';
import { isObject, unknownKeys } from './spec-fields.ts';
import { validateJourney } from './validate-journey.ts';

/** `target.nodes`: a count, or the nodes' own http(s) URLs (the logout probe sends to each). */
function resolveNodes(errors: SpecErrors, nodes: unknown): [string[], number | undefined] {
  if (nodes === undefined) return [[], undefined];
  if (!Array.isArray(nodes)) {
    if (errors.whole('target.nodes', nodes, 1, LIMITS.maxTargetNodes)) return [[], nodes as number];
    return [[], undefined];
  }
  if (nodes.length === 0 || nodes.length > LIMITS.maxTargetNodes) {
    errors.add('target.nodes', `must list between 1 and ${LIMITS.maxTargetNodes} node URLs`);
    return [[], undefined];
  }
  const urls: string[] = [];
  nodes.forEach((n: unknown, i) => {
    if (typeof n === 'string' && isHttpUrl(n)) urls.push(n);
    else
      errors.add(
        `target.nodes[${i}]`,
        `${JSON.stringify(n)} is not an http(s) URL of a node (e.g. http://10.0.0.5:8080)`,
      );
  });
  return [urls, nodes.length];
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
/**
 * `target`: the lab (its strategy's journey) or a URL with its nodes and journey (validated, absolute
 * URLs allowed on the target's origin); `--target` overrides the URL.
 */
export function resolveTarget(
  errors: SpecErrors,
  raw: unknown,
  o: ScenarioOverrides,
): [Scenario['target'], JourneySpec] {
  const journeyOf = (j: unknown, url: string | undefined): JourneySpec => {
    // No journey: the target speaks the lab app's contract (a lab started elsewhere, or an app like it).
    if (j === undefined) return DEFAULT_JOURNEY;
    if (!isObject(j)) {
      errors.add('target.journey', 'must be an object (see the target contract in the README)');
      return DEFAULT_JOURNEY;
    }
    // A journey written out is taken as written: roles it leaves out are off, never the lab's paths.
    const journey = { ...URL_JOURNEY_BASE, ...j } as JourneySpec;
    let origin: string | undefined;
    try {
      origin = url === undefined ? undefined : new URL(url).origin;
    } catch {
      origin = undefined;
    }
    for (const e of validateJourney(journey, 'target.journey', origin)) errors.add(e.path, e.message);
    return journey;
  };
  const t = isObject(raw) ? raw : {};
  if (!isObject(raw))
    errors.add('target', 'is required: {lab: {strategy: memory}} or {url: http://127.0.0.1:8080}');
  else if ((raw.lab === undefined) === (raw.url === undefined) && o.target === undefined)
    errors.add('target', 'give exactly one of target.lab (the built-in lab) or target.url (any cluster)');
  if (isObject(raw))
    unknownKeys(errors, 'target', raw, raw.lab !== undefined ? ['lab'] : ['url', 'nodes', 'journey']);
  const url = o.target ?? (t.url as string | undefined);
  if (url === undefined && isObject(t.lab)) {
    if (typeof t.lab.strategy !== 'string')
      errors.add('target.lab.strategy', `is required: ${LAB_STRATEGY_NAMES.join(', ')}`);
    // The lab strategy speaks its own journey (the tomcat strategy logs in through Tomcat's FORM login).
    return [{ kind: 'lab', lab: t.lab as { strategy: string } }, labJourney(String(t.lab.strategy))];
  }
  if (url !== undefined && (typeof url !== 'string' || !isHttpUrl(url)))
    errors.add(
      o.target !== undefined ? '--target' : 'target.url',
      `${JSON.stringify(url)} is not an http(s) URL (e.g. http://127.0.0.1:8080)`,
    );
  const [nodeUrls, nodeCount] = resolveNodes(errors, t.nodes);
  return [{ kind: 'url', url: url ?? '', nodeUrls, nodeCount }, journeyOf(t.journey, url)];
}
