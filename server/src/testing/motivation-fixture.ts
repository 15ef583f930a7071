import type { GraphQLClient } from 'graphql-request';
import { calendarPeriods } from '../goals/period.service.js';
import { todayIso } from '../validate.js';
import type { PipelineFixture } from './pipeline-fixture.js';

/** Periods and deals for motivation tests, built through the API as an admin on top of a pipeline fixture. */
export interface CurrentPeriods {
  month: string;
  quarter: string;
  year: string;
  /** The month before the current one. */
  previousMonth: string;
}

/** Creates the calendar month, quarter and year containing today, and the month before (periods of a kind never overlap). */
export async function createCurrentPeriods(admin: GraphQLClient): Promise<CurrentPeriods> {
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const drafts = [...calendarPeriods(year - 1), ...calendarPeriods(year)];
  const current = (kind: string) => drafts.find((p) => p.kind === kind && p.startDate <= today && p.endDate >= today)!;
  const month = current('MONTH');
  const previous = drafts.filter((p) => p.kind === 'MONTH' && p.endDate < month.startDate).at(-1)!;
  const create = async (draft: { kind: string; startDate: string; endDate: string }) =>
    (
      await admin.request<{ createPeriod: { id: string } }>(`mutation($i: CreatePeriodInput!) { createPeriod(input: $i) { id } }`, {
        i: { kind: draft.kind, startDate: draft.startDate, endDate: draft.endDate },
      })
    ).createPeriod.id;
  return {
    month: await create(month),
    quarter: await create(current('QUARTER')),
    year: await create(current('YEAR')),
    previousMonth: await create(previous),
  };
}

export async function setRevenueQuota(
  admin: GraphQLClient,
  owner: { memberId: string } | { teamId: string },
  periodId: string,
  target: string,
): Promise<void> {
  await admin.request(`mutation($i: SetQuotaInput!) { setQuota(input: $i) { id } }`, {
    i: { ...owner, periodId, metric: 'REVENUE', target },
  });
}

/** An open deal of `ownerId` for the fixture's customer. */
export async function openDeal(admin: GraphQLClient, f: PipelineFixture, ownerId: string, amount: string): Promise<string> {
  const { createDeal } = await admin.request<{ createDeal: { id: string } }>(
    `mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`,
    {
      i: { title: `Сделка ${amount}`, accountId: f.customerId, ownerId, amount, channelId: f.channelId, expectedCloseDate: todayIso() },
    },
  );
  return createDeal.id;
}

export const WIN_DEAL = `mutation($id: ID!) { winDeal(id: $id, input: { reason: "Лучшая цена" }) { id status } }`;
export const REOPEN_DEAL = `mutation($id: ID!) { reopenDeal(id: $id, input: { reason: "Клиент пересматривает объём" }) { id status } }`;
