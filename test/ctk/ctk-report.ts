import { groupedFailures, kitPassed, requestLabel, type FailureGroup, type KitResult } from './ctk-results.js';
import { failingRequests, kitDefectOf } from './kit-defects.js';

/**
 * How a CTK run is told: one line per kit on the console (`TMFxxx: N passed, M failed`, counting
 * assertions, then the requests), the failures grouped by request, and the same as a report,
 * JSON (every request with its status and assertions) and Markdown. A failing request that is a
 * documented kit defect (kit-defects.ts) says so, with why.
 */
export interface CtkReport {
  generatedAt: string;
  command: string;
  newmanVersion: string;
  /** What the API root URLs pointed at: the system the runner started, or the one given with --api. */
  system: string;
  passed: boolean;
  /** Every failing request is a documented kit defect, answered as documented (or none failed). */
  passedButKitDefects: boolean;
  kits: (Omit<KitResult, 'failures'> & { failures: (FailureGroup & { kitDefect?: string })[] })[];
}

/** Why a failing request is a kit defect, when it is one. */
function kitDefectWhy(result: KitResult, group: FailureGroup): string | undefined {
  const outcome = result.outcomes.find((each) => requestLabel(each) === group.request);
  return outcome ? kitDefectOf(result.kit, outcome)?.why : undefined;
}

const withKitDefects = (result: KitResult): (FailureGroup & { kitDefect?: string })[] =>
  groupedFailures(result).map((group) => {
    const why = kitDefectWhy(result, group);
    return why ? { ...group, kitDefect: why } : group;
  });

/** Every kit passed, or failed only on documented kit defects. */
export const onlyKitDefectsFailed = (results: readonly KitResult[]): boolean => results.every((result) => failingRequests(result).unexplained.length === 0);

export function ctkReport(options: { generatedAt: Date; command: string; newmanVersion: string; system: string; results: readonly KitResult[] }): CtkReport {
  return {
    generatedAt: options.generatedAt.toISOString(),
    command: options.command,
    newmanVersion: options.newmanVersion,
    system: options.system,
    passed: options.results.every(kitPassed),
    passedButKitDefects: onlyKitDefectsFailed(options.results),
    kits: options.results.map((result) => ({ ...result, failures: withKitDefects(result) })),
  };
}

export function summaryLine(result: KitResult): string {
  const { passed, failed, withoutAssertions } = result.requests;
  const extras = [
    `requests: ${passed} of ${passed + failed} passed` + (withoutAssertions > 0 ? `, ${passed - withoutAssertions} of the ${passed + failed - withoutAssertions} that assert anything` : ''),
    ...(result.scriptErrors > 0 ? [`${result.scriptErrors} test script error${result.scriptErrors === 1 ? '' : 's'}`] : []),
    ...(result.requestErrors > 0 ? [`${result.requestErrors} unanswered`] : []),
  ];
  return `${result.kit}: ${result.assertions.passed} passed, ${result.assertions.failed} failed (assertions; ${extras.join(', ')})`;
}

const shortened = (text: string, length: number): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
};

const answered = (group: FailureGroup, length: number): string => `${group.status ?? 'no answer'}${group.error ? ` ${shortened(group.error, length)}` : ''}`;

/**
 * The failures of one kit: a line per request (with what the system said, when it was an error)
 * and one per distinct failure under it, at most `perRequest` of them; the report has them all.
 */
export function failureLines(result: KitResult, perRequest = 2, messageLength = 140): string[] {
  return withKitDefects(result).flatMap((group) => [
    `  ${group.request} → ${answered(group, messageLength)}`,
    ...(group.kitDefect ? [`      kit defect (docs/conformance.md): ${group.kitDefect}`] : []),
    ...group.lines.slice(0, perRequest).map((line) => `      ${line.name}: ${shortened(line.message, messageLength)}${line.count > 1 ? ` ×${line.count}` : ''}`),
    ...(group.lines.length > perRequest ? [`      … and ${group.lines.length - perRequest} more`] : []),
  ]);
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

export function reportMarkdown(report: CtkReport): string {
  const lines = [
    '# TM Forum v4 Conformance Test Kits',
    '',
    `\`${report.command}\` at ${report.generatedAt}, newman ${report.newmanVersion}, against ${report.system}. ${report.passed ? 'Every kit passed.' : report.passedButKitDefects ? 'Every request passed but the kit defects below.' : 'Not every kit passed.'}`,
    '',
    "Requests \"without assertions\" passed because their test script asserts nothing (most of the kits' `?fields=` requests): they would pass whatever the answer.",
    '',
    '| Kit | Requests passed | Requests failed | of the passed, without assertions | Assertions passed | Assertions failed | Test script errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...report.kits.map(
      (kit) =>
        `| ${kit.kit} ${kit.title} | ${kit.requests.passed} | ${kit.requests.failed} | ${kit.requests.withoutAssertions} | ${kit.assertions.passed} | ${kit.assertions.failed} | ${kit.scriptErrors} |`,
    ),
    '',
  ];
  for (const kit of report.kits) {
    if (kit.failures.length === 0) continue;
    lines.push(`## ${kit.kit} ${kit.title}`, '', '| Request | URL | Answer | What failed |', '|---|---|---|---|');
    for (const group of kit.failures) {
      const what = [...(group.kitDefect ? [`**Kit defect:** ${cell(group.kitDefect)}`] : []), ...group.lines.map((line) => `${cell(line.name)}: ${cell(shortened(line.message, 240))}${line.count > 1 ? ` (×${line.count})` : ''}`)].join('<br>');
      lines.push(`| ${cell(group.request)} | \`${cell(group.url)}\` | ${cell(answered(group, 240))} | ${what} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
