import os from 'node:os';
import { type GrowthPoint, growthMarkdown, p95Growth } from './growth.js';
import type { QuestionResult } from './run.js';

/** The targets the numbers are held to (docs/performance.md "Targets"). */
export const TARGETS = {
  maxStatements: 3,
  /** p95 at 1 client ≤ factor × the baseline's p95. */
  p95Factor: 1.5,
  /** Requests per second at 32 clients ≥ share × the baseline's, for the questions whose database work is small. */
  throughputShare: 0.75,
  throughputQuestions: ['TeamCard', 'QuotaGaugeMember'],
  /** CPU time of the GraphQL server per team card, at every number of clients. */
  teamCardCpuMs: 2,
  /** p95 at 1 client of the questions over the large subtree. */
  largeSubtreeP95Ms: 100,
  largeSubtreeQuestions: ['QuotaGaugeTeam', 'Funnel'],
  /** The region's funnel: p95 at 1 client at 1M deals ≤ factor × at 100k. */
  regionGrowthFactor: 1.5,
};

export interface TargetCheck {
  question: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface DatabaseSummary {
  deals: number;
  teams: number;
  members: number;
  server: string;
}

export interface Report {
  date: string;
  machine: ReturnType<typeof machine>;
  database: DatabaseSummary;
  settings: { clients: string; seconds: number; warmupSeconds: number; rounds: number };
  results: QuestionResult[];
  targets: TargetCheck[];
}

const clients = (n: number) => `${n} ${n === 1 ? 'client' : 'clients'}`;

function checkQuestion(r: QuestionResult): TargetCheck[] {
  const checks: TargetCheck[] = [
    {
      question: r.name,
      target: 'answers identical to the baseline’s',
      measured: r.identical ? 'identical' : `differ at ${r.difference}`,
      met: r.identical,
    },
    {
      question: r.name,
      target: `≤ ${TARGETS.maxStatements} SQL statements`,
      measured: `${r.sqlStatements} (baseline ${r.baselineStatements})`,
      met: r.sqlStatements <= TARGETS.maxStatements,
    },
  ];
  const single = r.runs.find((run) => run.concurrency === 1);
  if (single) {
    const limit = TARGETS.p95Factor * single.baseline.p95Ms;
    checks.push({
      question: r.name,
      target: `p95 at 1 client ≤ ${TARGETS.p95Factor} × baseline (${limit.toFixed(1)} ms)`,
      measured: `${single.ours.p95Ms} ms`,
      met: single.ours.p95Ms <= limit,
    });
    if (TARGETS.largeSubtreeQuestions.includes(r.name)) {
      checks.push({
        question: r.name,
        target: `p95 at 1 client < ${TARGETS.largeSubtreeP95Ms} ms`,
        measured: `${single.ours.p95Ms} ms`,
        met: single.ours.p95Ms < TARGETS.largeSubtreeP95Ms,
      });
    }
  }
  const busy = r.runs.find((run) => run.concurrency === 32);
  if (busy && TARGETS.throughputQuestions.includes(r.name)) {
    checks.push({
      question: r.name,
      target: `throughput at 32 clients ≥ ${TARGETS.throughputShare} × baseline`,
      measured: `${busy.throughputRatio} ×`,
      met: busy.throughputRatio >= TARGETS.throughputShare,
    });
  }
  const costliest = r.runs.toSorted((a, b) => b.ours.cpuMsPerRequest - a.ours.cpuMsPerRequest)[0];
  if (costliest && r.name === 'TeamCard') {
    checks.push({
      question: r.name,
      target: `CPU ≤ ${TARGETS.teamCardCpuMs} ms per request`,
      measured: `${costliest.ours.cpuMsPerRequest} ms (${clients(costliest.concurrency)})`,
      met: costliest.ours.cpuMsPerRequest <= TARGETS.teamCardCpuMs,
    });
  }
  return checks;
}

/** The targets of every question, and the region funnel's growth when runs at 100k and 1M deals are at hand. */
export function checkTargets(results: QuestionResult[], growth: GrowthPoint[]): TargetCheck[] {
  const checks = results.flatMap(checkQuestion);
  const region = p95Growth(growth, 'FunnelRegion');
  if (region) {
    checks.push({
      question: 'FunnelRegion',
      target: `p95 at 1 client at 1M deals ≤ ${TARGETS.regionGrowthFactor} × at 100k`,
      measured: `${region.ours} ×`,
      met: region.ours <= TARGETS.regionGrowthFactor,
    });
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

export function markdown(report: Report, growth: GrowthPoint[]): string {
  const { settings } = report;
  const lines = [
    `Measured ${report.date} on ${report.machine.cores} × ${report.machine.cpu}, ${report.machine.memoryGb} GB, Node.js ${report.machine.node}, ${report.database.server}; ` +
      `${report.database.deals.toLocaleString('en')} deals, ${report.database.teams} teams, ${report.database.members} members. ` +
      `Each side timed for ${settings.seconds} s in ${settings.rounds} alternating rounds (ours, baseline, …) after a ${settings.warmupSeconds} s warm-up; ` +
      'CPU is the answering process’s own (utime + stime), not PostgreSQL’s.',
    '',
    '| Query | SQL / request ours / baseline | Clients | Ours p50 / p95 (ms) | Baseline p50 / p95 (ms) | p95 ours / baseline | Ours req/s | Baseline req/s | req/s ours / baseline | CPU ms/req ours / baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of report.results) {
    for (const run of r.runs) {
      lines.push(
        `| ${r.name} | ${r.sqlStatements} / ${r.baselineStatements} | ${run.concurrency} | ${run.ours.p50Ms} / ${run.ours.p95Ms} | ${run.baseline.p50Ms} / ${run.baseline.p95Ms} | ${run.p95Ratio} | ` +
          `${run.ours.requestsPerSecond} | ${run.baseline.requestsPerSecond} | ${run.throughputRatio} | ${run.ours.cpuMsPerRequest} / ${run.baseline.cpuMsPerRequest} |`,
      );
    }
  }
  lines.push(
    '',
    'Subjects:',
    '',
    ...report.results.map((r) => `- ${r.name}: ${r.subject}`),
    '',
    ...growthMarkdown(growth),
    '',
    '| Query | Target | Measured | Met |',
    '| --- | --- | --- | --- |',
  );
  for (const t of report.targets) lines.push(`| ${t.question} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
  return `${lines.join('\n')}\n`;
}
