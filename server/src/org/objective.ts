import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** The five objectives every goal must serve (docs/domain.md §1); a goal that serves none is not relevant. */
export enum OrganisationObjective {
  SALES_GROWTH = 'SALES_GROWTH',
  TEAM_EFFICIENCY = 'TEAM_EFFICIENCY',
  CUSTOMER_RELATIONSHIPS = 'CUSTOMER_RELATIONSHIPS',
  COMPETITIVE_ADVANTAGE = 'COMPETITIVE_ADVANTAGE',
  REGULATORY_COMPLIANCE = 'REGULATORY_COMPLIANCE',
}
registerEnumType(OrganisationObjective, {
  name: 'OrganisationObjective',
  description: 'An objective of sales management that goals serve.',
  valuesConfig: {
    SALES_GROWTH: { description: 'Grow sales and revenue (рост продаж и доходов).' },
    TEAM_EFFICIENCY: { description: 'Team efficiency and productivity (эффективность команды).' },
    CUSTOMER_RELATIONSHIPS: { description: 'Customer relationships (отношения с клиентами).' },
    COMPETITIVE_ADVANTAGE: { description: 'Competitive advantage (конкурентное преимущество).' },
    REGULATORY_COMPLIANCE: { description: 'Regulatory compliance (соответствие нормативным требованиям).' },
  },
});

@ObjectType({ description: 'An organisation objective with its names in English and Russian.' })
export class Objective {
  @Field(() => OrganisationObjective, { description: 'Stable code of the objective.' })
  code!: OrganisationObjective;

  @Field({ description: 'Name in English.' })
  nameEn!: string;

  @Field({ description: 'Name in Russian.' })
  nameRu!: string;

  @Field({ description: 'What the objective means for goal setting.' })
  description!: string;
}

export const OBJECTIVES: Objective[] = [
  {
    code: OrganisationObjective.SALES_GROWTH,
    nameEn: 'Grow sales and revenue',
    nameRu: 'Рост продаж и доходов',
    description: 'More revenue, more deals won, larger deals.',
  },
  {
    code: OrganisationObjective.TEAM_EFFICIENCY,
    nameEn: 'Team efficiency and productivity',
    nameRu: 'Эффективность и производительность команды',
    description: 'More results per person: activity, conversion, cycle time.',
  },
  {
    code: OrganisationObjective.CUSTOMER_RELATIONSHIPS,
    nameEn: 'Customer relationships',
    nameRu: 'Отношения с клиентами',
    description: 'Retention, repeat business and customer lifetime value.',
  },
  {
    code: OrganisationObjective.COMPETITIVE_ADVANTAGE,
    nameEn: 'Competitive advantage',
    nameRu: 'Конкурентное преимущество',
    description: 'Winning against competitors in chosen segments and channels.',
  },
  {
    code: OrganisationObjective.REGULATORY_COMPLIANCE,
    nameEn: 'Regulatory compliance',
    nameRu: 'Соответствие нормативным требованиям',
    description: 'Selling within the law and the company rules.',
  },
];
