import { registerEnumType } from 'type-graphql';

export enum TeamKind {
  GEOGRAPHIC = 'GEOGRAPHIC',
  PRODUCT = 'PRODUCT',
  KEY_ACCOUNT = 'KEY_ACCOUNT',
  INSIDE_SALES = 'INSIDE_SALES',
}
registerEnumType(TeamKind, {
  name: 'TeamKind',
  description: 'How a team is organised.',
  valuesConfig: {
    GEOGRAPHIC: { description: 'Covers a geographic region (географическая команда).' },
    PRODUCT: { description: 'Sells a product line (команда по продуктам).' },
    KEY_ACCOUNT: { description: 'Serves large or strategic customers (ключевые клиенты).' },
    INSIDE_SALES: { description: 'Generates leads and hands them over to field teams (внутренние продажи).' },
  },
});

export enum MemberRole {
  MANAGER = 'MANAGER',
  REP = 'REP',
  SUPPORT = 'SUPPORT',
}
registerEnumType(MemberRole, {
  name: 'MemberRole',
  description: 'The role a member holds in their team.',
  valuesConfig: {
    MANAGER: { description: 'Sales manager: leads a team and sets its targets (менеджер по продажам).' },
    REP: { description: 'Sales representative: finds prospects, builds relationships, closes deals (специалист по продажам).' },
    SUPPORT: { description: 'Sales support: administrative and technical support (специалист по поддержке продаж).' },
  },
});

export enum TerritoryKind {
  REGION = 'REGION',
  PRODUCT_LINE = 'PRODUCT_LINE',
  KEY_ACCOUNTS = 'KEY_ACCOUNTS',
}
registerEnumType(TerritoryKind, {
  name: 'TerritoryKind',
  description: 'What a territory consists of.',
  valuesConfig: {
    REGION: { description: 'A geographic region.' },
    PRODUCT_LINE: { description: 'A product line.' },
    KEY_ACCOUNTS: { description: 'A list of key accounts.' },
  },
});
