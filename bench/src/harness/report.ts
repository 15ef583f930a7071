import os from 'node:os';
import type { QuestionResult } from './run.js';

/** The targets the numbers are held to (README "Performance"). */
export const TARGETS = {
  maxStatements: 3,
  /** p95 at 1 client ≤ factor × baseline p95 + slack. */
  p95Factor: 1.5,
  p95SlackMs: 2,
  /** requests per second at 32 clients ≥ share × baseline. */
  throughputShare: 0.5,
  /** p95 of the large-subtree questions at 1 client. */
  largeSubtreeP95Ms: 100,
};

export interface TargetCheck {
  question: string;
  target: string;
  measured: string;
  met: boolean;
}

export function checkTargets(results: QuestionResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const r of results) {
    checks.push({
      question: r.name,
      target: `≤ ${TARGETS.maxStatements} SQL statements`,
      measured: `${r.sqlStatements}`,
      met: r.sqlStatements <= TARGETS.maxStatements,
    });
    const single = r.runs.find((run) => run.concurrency === 1);
    if (single) {
      const limit = TARGETS.p95Factor * single.baseline.p95Ms + TARGETS.p95SlackMs;
      checks.push({
        question: r.name,
        target: `p95 at 1 client ≤ 1.5 × baseline + 2 ms (${limit.toFixed(1)} ms)`,
        measured: `${single.ours.p95Ms} ms`,
        met: single.ours.p95Ms <= limit,
      });
      if (r.name === 'Funnel' || r.name === 'QuotaGaugeTeam') {
        checks.push({
          question: r.name,
          target: `p95 at 1 client < ${TARGETS.largeSubtreeP95Ms} ms`,
          measured: `${single.ours.p95Ms} ms`,
          met: single.ours.p95Ms < TARGETS.largeSubtreeP95Ms,
        });
      }
    }
    const busy = r.runs.find((run) => run.concurrency === 32);
    if (busy) {
      checks.push({
        question: r.name,
        target: `throughput at 32 clients ≥ 0.5 × baseline`,
        measured: `${busy.throughputRatio} ×`,
        met: busy.throughputRatio >= TARGETS.throughputShare,
      });
    }
  }
  return checks;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

export function markdown(report: {
  date: string;
  machine: ReturnType<typeof machine>;
  database: Record<string, unknown>;
  results: QuestionResult[];
  targets: TargetCheck[];
}): string {
  const lines = [
    `Measured ${report.date} on ${report.machine.cores} × ${report.machine.cpu}, ${report.machine.memoryGb} GB, Node.js ${report.machine.node}, ${report.database.server}; ` +
      `${Number(report.database.deals).toLocaleString('en')} deals, ${report.database.teams} teams, ${report.database.members} members.`,
    '',
    '| Query | SQL / request | Clients | Ours p50 / p95 (ms) | Baseline p50 / p95 (ms) | p95 ours / baseline | Ours req/s | Baseline req/s | req/s ours / baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of report.results) {
    for (const run of r.runs) {
      lines.push(
        `| ${r.name} | ${r.sqlStatements} | ${run.concurrency} | ${run.ours.p50Ms} / ${run.ours.p95Ms} | ${run.baseline.p50Ms} / ${run.baseline.p95Ms} | ${run.p95Ratio} | ` +
          `${run.ours.requestsPerSecond} | ${run.baseline.requestsPerSecond} | ${run.throughputRatio} |`,
      );
    }
  }
  lines.push(
    '',
    'Subjects:',
    '',
    ...report.results.map((r) => `- ${r.name}: ${r.subject}`),
    '',
    '| Query | Target | Measured | Met |',
    '| --- | --- | --- | --- |',
  );
  for (const t of report.targets) lines.push(`| ${t.question} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
  return lines.join('\n') + '\n';
}
