import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Field, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { notFound } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { Connection, type Page, PageArgs, paginateNewestFirst, toPageRequest } from '../graphql/connection.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { parseId } from '../ids.js';
import { DomainEvent } from './domain-event.entity.js';
import { EventType } from './event-type.js';
import { eventScopeFilter, eventVisible } from './scope.js';

@ObjectType({ description: 'A page of domain events, newest first.' })
export class DomainEventConnection extends Connection(DomainEvent, 'DomainEvent', 'event') {}

@InputType({ description: 'Which events to list; the caller sees only the events of the records they may read.' })
export class EventFilter {
  @Field(() => [EventType], { nullable: true, description: 'Only events of these types.' })
  types?: EventType[];

  @Field(() => ID, { nullable: true, description: 'Only events credited to this team or a team below it.' })
  teamId?: string;

  @Field(() => ID, { nullable: true, description: 'Only events concerning this member.' })
  memberId?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only events that happened at or after this time.' })
  since?: Date;
}

@Resolver(() => DomainEvent)
export class EventResolver {
  @Query(() => DomainEvent, { description: 'One event by id, if the caller may see it.' })
  async event(@Arg('id', () => ID, { description: 'Event id.' }) id: string, @Ctx() ctx: Context): Promise<DomainEvent> {
    const event = await ctx.em.findOne(DomainEvent, parseId(id, 'id'));
    // An event the caller may not see is as good as absent: its existence says something too.
    if (!event || !eventVisible(await ctx.access.scope(), event)) throw notFound('DomainEvent', id, 'id');
    return event;
  }

  @Query(() => DomainEventConnection, {
    description: 'Domain events the caller may see (their own, their subtree, all for analysts and admins), newest first.',
  })
  async events(
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Which events to list.' }) filter: EventFilter | undefined,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<DomainEvent>> {
    const page = toPageRequest(args, ctx.limits.maxPageSize);
    const where: FilterQuery<DomainEvent>[] = [eventScopeFilter(await ctx.access.scope())];
    if (filter?.types?.length) where.push({ type: { $in: filter.types } });
    if (filter?.teamId) where.push({ teamIds: { $overlap: [parseId(filter.teamId, 'filter.teamId')] } });
    if (filter?.memberId) where.push({ memberIds: { $overlap: [parseId(filter.memberId, 'filter.memberId')] } });
    if (filter?.since) where.push({ occurredAt: { $gte: filter.since } });
    return paginateNewestFirst(ctx.em, DomainEvent, { $and: where }, page);
  }
}
