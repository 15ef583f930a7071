import { RecordKind } from '../../kinds.js';
import type { KindHandler } from '../handler.js';
import { contacts, customers, followUps, interactions, leads } from './customers.js';
import { deals } from './deals.js';
import { members, teams, territories } from './org.js';
import { goals, quotas } from './targets.js';

/** What each kind adds to the generic import path. */
export const HANDLERS: Record<RecordKind, KindHandler> = {
  [RecordKind.TERRITORIES]: territories,
  [RecordKind.TEAMS]: teams,
  [RecordKind.MEMBERS]: members,
  [RecordKind.CUSTOMERS]: customers,
  [RecordKind.CONTACTS]: contacts,
  [RecordKind.LEADS]: leads,
  [RecordKind.DEALS]: deals,
  [RecordKind.INTERACTIONS]: interactions,
  [RecordKind.FOLLOW_UPS]: followUps,
  [RecordKind.QUOTAS]: quotas,
  [RecordKind.GOALS]: goals,
};
