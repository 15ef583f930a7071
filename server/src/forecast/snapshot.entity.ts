import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../graphql/scalars.js';
import { ForecastCategory } from './enums.js';

/**
 * The open pipeline as it stood once a week: one snapshot per ISO week (its Monday, unique), taken by
 * the server's weekly job or takeForecastSnapshot, refreshed in place when taken again that week.
 */
@ObjectType({ description: 'A weekly snapshot of every open deal, one per ISO week.' })
@Entity({ tableName: 'forecast_snapshot' })
export class ForecastSnapshot {
  @Field(() => ID, { description: 'Snapshot id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => DateScalar, { description: 'Monday of the ISO week the snapshot stands for (one snapshot per week).' })
  @Property({ type: 'date' })
  @Unique({ name: 'forecast_snapshot_week_unique' })
  week!: string;

  @Field(() => DateTimeScalar, { description: 'When the snapshot was (last) taken.' })
  @Property({ type: 'datetime' })
  takenAt!: Date;

  @Field(() => Int, { description: 'How many open deals it recorded.' })
  @Property({ type: 'integer' })
  deals!: number;
}

/**
 * One open deal as a snapshot saw it. Written only by `insert … select` from the deal table
 * (snapshot.service.ts); the ids are plain columns, since a snapshot records history and must not
 * stop a team or a stage from changing.
 */
@Entity({ tableName: 'forecast_snapshot_line' })
@Index({ name: 'forecast_snapshot_line_team_index', properties: ['snapshot', 'teamId'] })
export class ForecastSnapshotLine {
  @ManyToOne(() => ForecastSnapshot, { primary: true, deleteRule: 'cascade' })
  snapshot!: Rel<ForecastSnapshot>;

  @PrimaryKey({ type: 'integer' })
  dealId!: number;

  @Property({ type: 'integer' })
  teamId!: number;

  @Property({ type: 'integer' })
  ownerId!: number;

  @Property({ type: 'integer' })
  stageId!: number;

  @Enum({ items: () => ForecastCategory, type: 'string' })
  category!: ForecastCategory;

  @Property({ type: 'decimal', precision: 18, scale: 2 })
  amount!: string;

  @Property({ type: 'date' })
  expectedCloseDate!: string;
}
