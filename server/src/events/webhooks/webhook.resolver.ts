import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { Connection, PageArgs, paginate, paginateNewestFirst, toPageRequest, type Page } from '../../graphql/connection.js';
import { byIdLoader } from '../../graphql/loaders.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { parseId, parseOptionalId } from '../../ids.js';
import { teamById } from '../../org/loaders.js';
import { Team } from '../../org/team.entity.js';
import { DomainEvent } from '../domain-event.entity.js';
import { WebhookDeliveryStatus } from './enums.js';
import { CreateWebhookInput, UpdateWebhookInput, WebhookDeliveryFilter } from './inputs.js';
import { secretHint } from './signing.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { Webhook } from './webhook.entity.js';
import {
  createWebhook,
  deleteWebhook,
  replayDelivery,
  replayEvents,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookWithSecret,
} from './webhook.service.js';

@ObjectType({ description: 'A page of webhook endpoints, oldest first.' })
export class WebhookConnection extends Connection(Webhook, 'Webhook', 'webhook endpoint') {}

@ObjectType({ description: 'A page of webhook deliveries, newest first.' })
export class WebhookDeliveryConnection extends Connection(WebhookDelivery, 'WebhookDelivery', 'webhook delivery') {}

@ObjectType({ description: 'An endpoint with its signing secret, the one time it is shown.' })
export class WebhookWithSecretPayload implements WebhookWithSecret {
  @Field(() => Webhook, { description: 'The endpoint.' })
  webhook!: Webhook;

  @Field(() => String, { description: 'The signing secret: store it now, later reads show only `secretHint`.' })
  secret!: string;
}

const webhookById = byIdLoader(Webhook);
const eventById = byIdLoader(DomainEvent);
const MANAGE = 'manage webhooks';

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => Webhook, { nullable: true, description: 'One webhook endpoint by id, or null when there is none (ADMIN).' })
  async webhook(@Arg('id', () => ID, { description: 'Endpoint id.' }) id: string, @Ctx() ctx: Context): Promise<Webhook | null> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    return ctx.em.findOne(Webhook, { id: parseId(id, 'id') });
  }

  @Query(() => WebhookConnection, { description: 'Webhook endpoints, oldest first (ADMIN).' })
  async webhooks(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context): Promise<Page<Webhook>> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    return paginate(ctx.em, Webhook, {}, 'id', toPageRequest(page, ctx.limits.maxPageSize));
  }

  @Mutation(() => WebhookWithSecretPayload, { description: 'Registers a webhook endpoint and returns it with its signing secret (ADMIN).' })
  async createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: Context): Promise<WebhookWithSecret> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    const teamId = parseOptionalId(input.teamId, 'input.teamId');
    return ctx.em.transactional((em) => createWebhook(em, { ...input, teamId }));
  }

  @Mutation(() => Webhook, { description: 'Changes the URL, event types, scope, description or state of a webhook endpoint (ADMIN).' })
  async updateWebhook(
    @Arg('id', () => ID, { description: 'Endpoint id.' }) id: string,
    @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput,
    @Ctx() ctx: Context,
  ): Promise<Webhook> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    const teamId = parseOptionalId(input.teamId, 'input.teamId');
    return ctx.em.transactional((em) => updateWebhook(em, parseId(id, 'id'), { ...input, teamId }));
  }

  @Mutation(() => WebhookWithSecretPayload, {
    description: 'Replaces the signing secret of a webhook endpoint at once and returns the new one (ADMIN).',
  })
  async rotateWebhookSecret(
    @Arg('id', () => ID, { description: 'Endpoint id.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<WebhookWithSecret> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    return ctx.em.transactional((em) => rotateWebhookSecret(em, parseId(id, 'id')));
  }

  @Mutation(() => ID, { description: 'Deletes a webhook endpoint and its deliveries, sent or not, and returns its id (ADMIN).' })
  async deleteWebhook(@Arg('id', () => ID, { description: 'Endpoint id.' }) id: string, @Ctx() ctx: Context): Promise<number> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    return ctx.em.transactional((em) => deleteWebhook(em, parseId(id, 'id')));
  }

  @Mutation(() => Int, {
    description:
      "Queues again the endpoint's events since a time, as its event types and scope select them now, and returns how many (ADMIN).",
  })
  async replayWebhookEvents(
    @Arg('webhookId', () => ID, { description: 'Endpoint id.' }) webhookId: string,
    @Arg('since', () => DateTimeScalar, { description: 'Events that happened at or after this time.' }) since: Date,
    @Ctx() ctx: Context,
  ): Promise<number> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    return ctx.em.transactional((em) => replayEvents(em, parseId(webhookId, 'webhookId'), since));
  }

  @FieldResolver(() => Team, { nullable: true, description: "Scope: only events credited to this team's subtree; null for every event." })
  async team(@Root() webhook: Webhook, @Ctx() ctx: Context): Promise<Team | null> {
    return webhook.team ? ((await ctx.loaders.get(teamById).load(webhook.team.id)) ?? null) : null;
  }

  @FieldResolver(() => String, { description: 'The end of the signing secret ("whsec_…abcd"), to tell which one is in use.' })
  secretHint(@Root() webhook: Webhook): string {
    return secretHint(webhook.secret);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @Query(() => WebhookDeliveryConnection, { description: 'Webhook deliveries, newest first (ADMIN).' })
  async webhookDeliveries(
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true, description: 'Which deliveries to list.' })
    filter: WebhookDeliveryFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<WebhookDelivery>> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    const where: FilterQuery<WebhookDelivery>[] = [];
    if (filter?.webhookId) where.push({ webhook: parseId(filter.webhookId, 'filter.webhookId') });
    if (filter?.eventId) where.push({ event: parseId(filter.eventId, 'filter.eventId') });
    if (filter?.status) where.push({ status: filter.status });
    return paginateNewestFirst(ctx.em, WebhookDelivery, { $and: where }, toPageRequest(page, ctx.limits.maxPageSize));
  }

  @Mutation(() => WebhookDelivery, {
    description:
      'Sends a delivery again from its first attempt, whatever its status (dead ones too); one being sent is left as it is (ADMIN).',
  })
  async replayWebhookDelivery(
    @Arg('id', () => ID, { description: 'Delivery id.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<WebhookDelivery> {
    await ctx.access.assertCanManageOrganisation(MANAGE);
    return ctx.em.transactional((em) => replayDelivery(em, parseId(id, 'id')));
  }

  @FieldResolver(() => Webhook, { description: 'The endpoint it goes to.' })
  async webhook(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context): Promise<Webhook> {
    return (await ctx.loaders.get(webhookById).load(delivery.webhook.id))!;
  }

  @FieldResolver(() => DomainEvent, { description: 'The event it carries.' })
  async event(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context): Promise<DomainEvent> {
    return (await ctx.loaders.get(eventById).load(delivery.event.id))!;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When the next attempt is due; null unless PENDING.' })
  nextAttemptAt(@Root() delivery: WebhookDelivery): Date | null {
    return delivery.status === WebhookDeliveryStatus.PENDING ? delivery.dueAt : null;
  }
}
