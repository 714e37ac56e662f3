import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { LIMITS } from './limits.ts';

/** A problem with the shape of a YAML file (not its meaning), with its 1-based line. */
export interface YamlBoundsError {
  line: number;
  message: string;
}

/**
 * Walks a parsed document once and reports what would make turning it into values unbounded or
 * ambiguous: too many aliases (the "billion laughs" expansion), nesting too deep, duplicate keys.
 * Duplicates are found here with one set per mapping because the YAML library's own check compares
 * each key with every other one, which is quadratic in the number of keys.
 */
export function yamlBoundsErrors(doc: Document, lines: LineCounter): YamlBoundsError[] {
  const errors: YamlBoundsError[] = [];
  const lineOf = (n: Node | null | undefined): number => (n?.range ? lines.linePos(n.range[0]).line : 1);
  let aliases = 0;
  let tooDeep = false;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node)) {
      aliases++;
      if (aliases === LIMITS.maxAliases + 1)
        errors.push({
          line: lineOf(node),
          message: `YAML: more than ${LIMITS.maxAliases} aliases (*name); a scenario needs far fewer. Write the values out`,
        });
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > LIMITS.maxDepth) {
      if (!tooDeep)
        errors.push({
          line: lineOf(node),
          message: `YAML: nested more than ${LIMITS.maxDepth} levels deep; a scenario needs far fewer`,
        });
      tooDeep = true;
      continue;
    }
    if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key)) {
        const name = String(key.value);
        if (seen.has(name))
          errors.push({ line: lineOf(key), message: `YAML: Map keys must be unique ("${name}")` });
        seen.add(name);
      }
      stack.push({ node: pair.value, depth: depth + 1 });
    }
  }
  return errors;
}
