import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadResult } from './load.js';
import type { QuestionResult } from './run.js';

/**
 * How the answers scale with the data: each run is also written to deals-<N>.json beside the report (N
 * the deal count to two significant digits: 10000, 100000, 1000000), and every such file of the folder
 * makes one size of the growth table.
 */
export interface GrowthPoint {
  deals: number;
  results: QuestionResult[];
}

export const roundedDeals = (deals: number) => Number(deals.toPrecision(2));

export const growthFile = (folder: string, deals: number) => path.join(folder, `deals-${roundedDeals(deals)}.json`);

/** The runs of the folder's deals-<N>.json files and the current one (which replaces the file of its size), by size. */
export async function readGrowth(folder: string, current: GrowthPoint): Promise<GrowthPoint[]> {
  const names = (await readdir(folder).catch(() => [])).filter((name) => /^deals-\d+\.json$/.test(name));
  const points = await Promise.all(
    names.map(async (name) => {
      const report = JSON.parse(await readFile(path.join(folder, name), 'utf8')) as { results: QuestionResult[] };
      return { deals: Number(name.slice('deals-'.length, -'.json'.length)), results: report.results };
    }),
  );
  const sizes = [...points.filter((p) => p.deals !== roundedDeals(current.deals)), { ...current, deals: roundedDeals(current.deals) }];
  return sizes.sort((a, b) => a.deals - b.deals);
}

/** A question's run at 1 client at a size, when that run was timed. */
export function singleClient(point: GrowthPoint | undefined, question: string): { ours: LoadResult; baseline: LoadResult } | undefined {
  return point?.results.find((r) => r.name === question)?.runs.find((run) => run.concurrency === 1);
}

/** p95 at 1 client of the GraphQL server at 1M deals / at 100k, when both were measured. */
export function p95Growth(points: GrowthPoint[], question: string): { ours: number; baseline: number } | undefined {
  const small = singleClient(
    points.find((p) => p.deals === 100_000),
    question,
  );
  const large = singleClient(
    points.find((p) => p.deals === 1_000_000),
    question,
  );
  if (!small || !large) return undefined;
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return { ours: ratio(large.ours.p95Ms, small.ours.p95Ms), baseline: ratio(large.baseline.p95Ms, small.baseline.p95Ms) };
}

const sizeLabel = (deals: number) => (deals >= 1_000_000 ? `${deals / 1_000_000}M` : deals >= 1000 ? `${deals / 1000}k` : `${deals}`);

/** The Growth table: per question, p95 at 1 client and CPU per request at each size, ours / baseline. */
export function growthMarkdown(points: GrowthPoint[]): string[] {
  const sizes = points.map((p) => sizeLabel(p.deals));
  const names = [...new Set(points.flatMap((p) => p.results.map((r) => r.name)))];
  const cell = (point: GrowthPoint, name: string, value: (side: LoadResult) => number) => {
    const run = singleClient(point, name);
    return run ? `${value(run.ours)} / ${value(run.baseline)}` : '–';
  };
  const lines = [
    'Growth (1 client, ours / baseline, from the deals-<N>.json files beside this report):',
    '',
    `| Query | ${sizes.map((s) => `p95 ${s} (ms)`).join(' | ')} | p95 1M / 100k | ${sizes.map((s) => `CPU ms/req ${s}`).join(' | ')} |`,
    `| --- | ${sizes.map(() => '---:').join(' | ')} | ---: | ${sizes.map(() => '---:').join(' | ')} |`,
  ];
  for (const name of names) {
    const growth = p95Growth(points, name);
    lines.push(
      `| ${name} | ${points.map((p) => cell(p, name, (side) => side.p95Ms)).join(' | ')} | ${growth ? `${growth.ours} / ${growth.baseline}` : '–'} | ` +
        `${points.map((p) => cell(p, name, (side) => side.cpuMsPerRequest)).join(' | ')} |`,
    );
  }
  return lines;
}
