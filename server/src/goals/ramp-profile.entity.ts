import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';

/**
 * A ramp profile: how much of a full quota a new hire carries in each month of tenure (ramp.ts).
 * Admins manage them; at most one is the organisation's default, which allocations use unless the
 * request names another.
 */
@ObjectType({
  description:
    'A ramp profile (профиль адаптации): the percentage of a full quota a new hire carries in each month of tenure, the last step applying thereafter.',
})
@Entity({ tableName: 'ramp_profile' })
// The database keeps the default single even against concurrent changes (ramp.service.ts reports it as CONFLICT).
@Index({
  name: 'ramp_profile_default_unique',
  expression: 'create unique index "ramp_profile_default_unique" on "ramp_profile" ("is_default") where "is_default"',
})
export class RampProfile {
  [OptionalProps]?: 'createdAt' | 'archivedAt' | 'isDefault';

  @Field(() => ID, { description: 'Ramp profile id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Name, e.g. "Новые менеджеры: 3 месяца".' })
  @Property({ type: 'string', length: 120 })
  name!: string;

  @Field(() => [DecimalScalar], {
    description:
      'Percent of a full quota by month of tenure: the first entry for the month of hire, the second for the next month, and so on; the last (always 100.00) applies thereafter. Each is above 0 and at most 100, two decimals; they need not rise.',
  })
  @Property({ type: 'json' })
  steps!: string[];

  @Field(() => Boolean, { description: "True for the organisation's default profile, used by allocations that name none." })
  @Property({ type: 'boolean', default: false })
  isDefault: boolean = false;

  @Field(() => DateTimeScalar, { description: 'When the profile was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the profile was archived; archived profiles cannot be used.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}
