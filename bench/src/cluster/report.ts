import { machine } from '../harness/report.js';
import type { ClusterBenchResult } from './run.js';

export interface ClusterReport extends ClusterBenchResult {
  date: string;
  machine: ReturnType<typeof machine>;
  settings: { deals: number; clients: string; seconds: number; warmupSeconds: number; warmupRequestsPerProcess: number; rounds: number };
}

export function clusterReport(result: ClusterBenchResult, settings: ClusterReport['settings']): ClusterReport {
  return { date: new Date().toISOString(), machine: machine(), settings, ...result };
}

export function clusterMarkdown(report: ClusterReport): string {
  const { settings, organisation: org } = report;
  const lines = [
    `Measured ${report.date} on ${report.machine.cores} × ${report.machine.cpu}, ${report.machine.memoryGb} GB, Node.js ${report.machine.node}; ` +
      `PostgreSQL 15 primary and hot standby on this machine; ${org.deals.toLocaleString('en')} deals, ${org.teams} teams, ${org.members} members. ` +
      `The widget mix (${report.questions.map((q) => q.name).join(', ')}, in turn) through nginx, each configuration timed for ${settings.seconds} s ` +
      `in ${settings.rounds} alternating rounds after a warm-up of ${settings.warmupSeconds} s and, before the first rounds, ` +
      `until each of its processes had answered ${settings.warmupRequestsPerProcess.toLocaleString('en')} requests. ` +
      'CPU is the server processes’ own (utime + stime, summed), not nginx’s nor PostgreSQL’s; machine busy is the share of all cores busy during the ' +
      'rounds, whoever’s work (PostgreSQL, the clients, other jobs). Ratios are to 1 process at the same number of clients.',
    '',
    report.identicalAnswers ? 'Every configuration gave the same answers.' : `**Answers differ:** ${report.differences.join('; ')}`,
    '',
    '| Configuration | Clients | req/s | p50 / p95 (ms) | CPU ms/req | nginx CPU ms/req | Machine busy | req/s × | p50 × | p95 × | CPU × | Failed | Reads standby / primary |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of report.runs) {
    for (const c of run.configurations) {
      const reads = c.reads ? `${c.reads.standby} / ${c.reads.primary}` : '–';
      lines.push(
        `| ${c.name} | ${run.concurrency} | ${c.result.requestsPerSecond} | ${c.result.p50Ms} / ${c.result.p95Ms} | ${c.result.cpuMsPerRequest} | ` +
          `${c.nginxCpuMsPerRequest} | ${Math.round(c.machineBusy * 100)} % | ${c.ratios.throughput} | ${c.ratios.p50} | ${c.ratios.p95} | ${c.ratios.cpu} | ${c.failed} | ${reads} |`,
      );
    }
  }
  const load = report.runs.map((run) => `${run.concurrency} clients ${run.loadAverage.before} → ${run.loadAverage.after}`);
  lines.push('', `Load average (1 min) before the warm-ups → after the last round: ${load.join('; ')}.`);
  lines.push('', 'Subjects:', '', ...report.questions.map((q) => `- ${q.name}: ${q.subject}`));
  return `${lines.join('\n')}\n`;
}
