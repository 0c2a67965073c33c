import fs from 'node:fs';

/** One line of the results table. */
export type Status = 'met' | 'missed' | 'info' | 'skipped';

export interface Row {
  /** What was measured, e.g. "GET /invoices/{id}, API key vs bare Express". */
  name: string;
  /** The headline figure (usually a ratio). */
  figure: string;
  /** The target, or '—'. */
  target: string;
  status: Status;
  /** The absolute numbers behind the figure. */
  detail: string;
}

export interface Section {
  title: string;
  /** How the section was measured (one paragraph). */
  method: string;
  rows: Row[];
  /** Explanations: why a target was missed, where the time goes, what was not measured. */
  notes: string[];
}

const MARK: Record<Status, string> = { met: '✅ met', missed: '❌ missed', info: 'ℹ️', skipped: '⚠️ skipped' };

export function check(met: boolean): Status {
  return met ? 'met' : 'missed';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderSectionMarkdown(section: Section): string {
  const lines = [`### ${section.title}`, '', section.method, ''];
  if (section.rows.length) {
    lines.push('| Benchmark | Figure | Target | Result | Absolute numbers |', '| --- | --- | --- | --- | --- |');
    for (const row of section.rows) {
      lines.push(`| ${cell(row.name)} | ${cell(row.figure)} | ${cell(row.target)} | ${MARK[row.status]} | ${cell(row.detail)} |`);
    }
    lines.push('');
  }
  for (const note of section.notes) lines.push(`- ${note}`);
  if (section.notes.length) lines.push('');
  return lines.join('\n');
}

/** A plain-text table for the terminal. */
export function renderSectionText(section: Section): string {
  const header = ['Benchmark', 'Figure', 'Target', 'Result'];
  const body = section.rows.map((r) => [r.name, r.figure, r.target, MARK[r.status]]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const out = [`== ${section.title} ==`, fmt(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  section.rows.forEach((row, i) => {
    out.push(fmt(body[i]!));
    out.push(`    ${row.detail}`);
  });
  for (const note of section.notes) out.push(`  * ${note}`);
  return out.join('\n') + '\n';
}

/** Every row with a target (met, missed or skipped), in one table, for the top of the section. */
export function renderSummaryMarkdown(sections: readonly Section[]): string {
  const lines = ['### Targets at a glance', '', '| Benchmark | Figure | Target | Result |', '| --- | --- | --- | --- |'];
  for (const section of sections) {
    for (const row of section.rows) {
      if (row.status === 'info') continue;
      lines.push(`| ${cell(row.name)} (${cell(section.title)}) | ${cell(row.figure)} | ${cell(row.target)} | ${MARK[row.status]} |`);
    }
  }
  const failed = sections.filter((s) => s.rows.length === 0);
  for (const section of failed) lines.push(`| ${cell(section.title)} | — | — | ❌ section failed |`);
  lines.push('', 'Each missed target is explained under its section below.', '');
  return lines.join('\n');
}

export const OWN_HEADING = '## Benchmarks';

/**
 * Replaces (or adds) the `## Benchmarks` section of BENCHMARKS.md, leaving every other section —
 * e.g. the load test's — as it was. The section runs to the next level-2 heading.
 */
export function writeOwnSection(file: string, sectionMarkdown: string): void {
  const section = sectionMarkdown.trimEnd() + '\n';
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, `# devshell benchmarks\n\n${section}`);
    return;
  }
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === OWN_HEADING);
  if (start === -1) {
    // Before the first other level-2 section, so the summary table comes first.
    const firstH2 = lines.findIndex((l) => /^## /.test(l));
    if (firstH2 === -1) fs.writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    else fs.writeFileSync(file, [...lines.slice(0, firstH2), ...section.split('\n'), ...lines.slice(firstH2)].join('\n'));
    return;
  }
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end === -1) end = lines.length;
  const before = lines.slice(0, start);
  const after = lines.slice(end);
  const joined = [...before, ...section.split('\n'), ...after].join('\n');
  fs.writeFileSync(file, joined.endsWith('\n') ? joined : `${joined}\n`);
}
