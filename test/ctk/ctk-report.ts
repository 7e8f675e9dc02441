import { groupedFailures, kitPassed, type FailureGroup, type KitResult } from './ctk-results.js';

/**
 * How a CTK run is told: one line per kit on the console (`TMFxxx: N passed, M failed`, counting
 * assertions, then the requests), the failures grouped by request, and the same as a report,
 * JSON (every request with its status and assertions) and Markdown.
 */
export interface CtkReport {
  generatedAt: string;
  command: string;
  newmanVersion: string;
  /** What the API root URLs pointed at: the system the runner started, or the one given with --api. */
  system: string;
  passed: boolean;
  kits: (Omit<KitResult, 'failures'> & { failures: FailureGroup[] })[];
}

export function ctkReport(options: { generatedAt: Date; command: string; newmanVersion: string; system: string; results: readonly KitResult[] }): CtkReport {
  return {
    generatedAt: options.generatedAt.toISOString(),
    command: options.command,
    newmanVersion: options.newmanVersion,
    system: options.system,
    passed: options.results.every(kitPassed),
    kits: options.results.map((result) => ({ ...result, failures: groupedFailures(result) })),
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
  return groupedFailures(result).flatMap((group) => [
    `  ${group.request} → ${answered(group, messageLength)}`,
    ...group.lines.slice(0, perRequest).map((line) => `      ${line.name}: ${shortened(line.message, messageLength)}${line.count > 1 ? ` ×${line.count}` : ''}`),
    ...(group.lines.length > perRequest ? [`      … and ${group.lines.length - perRequest} more`] : []),
  ]);
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

export function reportMarkdown(report: CtkReport): string {
  const lines = [
    '# TM Forum v4 Conformance Test Kits',
    '',
    `\`${report.command}\` at ${report.generatedAt}, newman ${report.newmanVersion}, against ${report.system}. ${report.passed ? 'Every kit passed.' : 'Not every kit passed.'}`,
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
      const what = group.lines.map((line) => `${cell(line.name)}: ${cell(shortened(line.message, 240))}${line.count > 1 ? ` (×${line.count})` : ''}`).join('<br>');
      lines.push(`| ${cell(group.request)} | \`${cell(group.url)}\` | ${cell(answered(group, 240))} | ${what} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
