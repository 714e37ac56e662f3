import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import type { ReportInput } from './run-meta.ts';
import { writeRunMeta } from './run-meta.ts';
import { buildSummary } from './summary.ts';

/** File names of the reports inside a run's directory. */
export const REPORT_FILES = {
  summary: 'summary.json',
  junit: 'junit.xml',
  markdown: 'report.md',
  html: 'report.html',
} as const;

/**
 * Writes every report of a run into `dir` (created if needed): summary.json, junit.xml,
 * report.md, report.html, and run.json (the run's meta, for `sessionchaos report <dir>`).
 * Returns the paths written.
 */
export async function writeReports(dir: string, input: ReportInput): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    [REPORT_FILES.summary, JSON.stringify(buildSummary(input), null, 2) + '\n'],
    [REPORT_FILES.junit, renderJunit(input)],
    [REPORT_FILES.markdown, renderMarkdown(input)],
    [REPORT_FILES.html, renderHtml(input)],
  ];
  const paths = await Promise.all(
    files.map(async ([name, text]) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    }),
  );
  paths.push(await writeRunMeta(dir, input));
  return paths;
}
