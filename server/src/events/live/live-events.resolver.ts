import { Arg, Resolver, Root, Subscription, type BuildSchemaOptions } from 'type-graphql';
import { DomainError } from '../../errors.js';
import type { Context } from '../../graphql/context.js';
import { DomainEvent } from '../domain-event.entity.js';
import { EventFilter } from '../event.resolver.js';
import type { LiveEventBus } from './bus.js';
import { liveAdmission } from './live-filter.js';

/** The context of a request to /graphql/stream: the usual one, with this process's live subscriptions. */
export interface LiveContext extends Context {
  liveEvents?: LiveEventBus;
}

/**
 * TypeGraphQL builds no subscription without a PubSub, even one that brings its own stream as this one
 * does (the bus, fed by listener.ts): this one is never called.
 */
export const UNUSED_PUBSUB: NonNullable<BuildSchemaOptions['pubSub']> = {
  publish() {
    throw new Error('events are published by the live event listener (events/live/listener.ts)');
  },
  subscribe() {
    throw new Error('subscriptions bring their own stream (events/live/bus.ts)');
  },
};

/** A subscription sent to /graphql, which runs it like a query: there is no stream there. */
function streamOnly(): DomainError {
  return new DomainError('BAD_USER_INPUT', 'subscriptions are served at /graphql/stream (docs/subscriptions.md)', {
    rule: 'live-stream-endpoint',
  });
}

async function subscribeToEvents(ctx: LiveContext, filter: EventFilter | undefined): Promise<AsyncIterable<DomainEvent>> {
  if (!ctx.liveEvents) throw streamOnly();
  const admits = await liveAdmission(ctx, filter);
  return ctx.liveEvents.subscribe(admits, ctx.viewer.embed?.expiresAt);
}

@Resolver()
export class LiveEventResolver {
  @Subscription(() => DomainEvent, {
    description:
      'Each new event the caller may see and that matches the filter, pushed once when the change that recorded it commits. ' +
      'Served over server-sent events at /graphql/stream (docs/subscriptions.md).',
    subscribe: ({ args, context }) => subscribeToEvents(context as LiveContext, args.filter as EventFilter | undefined),
  })
  events(
    @Root() event: DomainEvent | undefined,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Which events to receive; `since` is refused (a stream starts now).' })
    _filter: EventFilter | undefined,
  ): DomainEvent {
    if (!event) throw streamOnly();
    return event;
  }
}
