import { registerEnumType } from 'type-graphql';

/** Where a customer stands in its lifecycle (жизненный цикл клиента, docs/domain.md §5). */
export enum LifecycleStage {
  PROSPECT = 'PROSPECT',
  LEAD = 'LEAD',
  QUALIFIED = 'QUALIFIED',
  CUSTOMER = 'CUSTOMER',
  RETAINED = 'RETAINED',
  CHURNED = 'CHURNED',
  DISQUALIFIED = 'DISQUALIFIED',
}
registerEnumType(LifecycleStage, {
  name: 'LifecycleStage',
  description:
    'Lifecycle stage of a customer: PROSPECT → LEAD → QUALIFIED → CUSTOMER → RETAINED, or CHURNED / DISQUALIFIED. See `changeCustomerLifecycle` for the allowed transitions.',
  valuesConfig: {
    PROSPECT: { description: 'Known to us but not yet in contact (потенциальный клиент).' },
    LEAD: { description: 'Acquisition: a lead is open for the account (привлечение, лид).' },
    QUALIFIED: { description: 'A lead was scored against the sales criteria and qualified (квалифицирован).' },
    CUSTOMER: { description: 'Closing: a first deal was won (клиент).' },
    RETAINED: { description: 'Retention: the customer bought again (повторные продажи, удержание).' },
    CHURNED: { description: 'The customer stopped buying (ушедший клиент).' },
    DISQUALIFIED: { description: 'Qualification failed; not pursued for now (дисквалифицирован).' },
  },
});

export enum CustomerSize {
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
  ENTERPRISE = 'ENTERPRISE',
}
registerEnumType(CustomerSize, {
  name: 'CustomerSize',
  description: 'Size of a customer organisation by headcount.',
  valuesConfig: {
    SMALL: { description: 'Fewer than 100 employees (малый бизнес).' },
    MEDIUM: { description: '100 to 999 employees (средний бизнес).' },
    LARGE: { description: '1,000 to 9,999 employees (крупный бизнес).' },
    ENTERPRISE: { description: '10,000 employees or more (корпорация).' },
  },
});

export enum LeadStatus {
  OPEN = 'OPEN',
  QUALIFIED = 'QUALIFIED',
  DISQUALIFIED = 'DISQUALIFIED',
  CONVERTED = 'CONVERTED',
}
registerEnumType(LeadStatus, {
  name: 'LeadStatus',
  description: 'Where a lead stands: open until qualified or disqualified; converted once a deal is made from it.',
  valuesConfig: {
    OPEN: { description: 'Not yet qualified.' },
    QUALIFIED: { description: 'Met the qualification threshold; may be handed off and turned into a deal.' },
    DISQUALIFIED: { description: 'Fell short of the qualification threshold; the reasons are kept.' },
    CONVERTED: { description: 'A deal was created from the lead.' },
  },
});

export enum QualificationOutcome {
  QUALIFIED = 'QUALIFIED',
  DISQUALIFIED = 'DISQUALIFIED',
}
registerEnumType(QualificationOutcome, {
  name: 'QualificationOutcome',
  description: 'Result of scoring a lead against the qualification criteria.',
  valuesConfig: {
    QUALIFIED: { description: 'Total score at or above the threshold and no criterion scored 0.' },
    DISQUALIFIED: { description: 'Total score below the threshold, or a criterion scored 0.' },
  },
});

export enum InteractionKind {
  CALL = 'CALL',
  EMAIL = 'EMAIL',
  MEETING = 'MEETING',
  NOTE = 'NOTE',
}
registerEnumType(InteractionKind, {
  name: 'InteractionKind',
  description: 'Kind of interaction with a customer (взаимодействие).',
  valuesConfig: {
    CALL: { description: 'A phone or video call (звонок).' },
    EMAIL: { description: 'An e-mail (письмо).' },
    MEETING: { description: 'A meeting (встреча).' },
    NOTE: { description: 'An internal note (заметка).' },
  },
});
