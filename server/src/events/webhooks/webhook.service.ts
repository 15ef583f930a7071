import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, notFound } from '../../errors.js';
import { requireTeam } from '../../org/team.service.js';
import type { Team } from '../../org/team.entity.js';
import { optionalText } from '../../validate.js';
import type { EventType } from '../event-type.js';
import { endpointUrl } from './endpoint-url.js';
import { WebhookDeliveryStatus } from './enums.js';
import { newSecret } from './signing.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { Webhook } from './webhook.entity.js';

export interface WebhookDraft {
  url: string;
  eventTypes: EventType[];
  teamId?: number | null;
  description?: string | null;
}

/** Changes to an endpoint: `undefined` (and null, but for the scope and description) leaves a field as it is. */
export interface WebhookPatch {
  url?: string | null;
  eventTypes?: EventType[] | null;
  teamId?: number | null;
  description?: string | null;
  active?: boolean | null;
}

/** An endpoint with its secret in clear: only what creating or rotating it returns. */
export interface WebhookWithSecret {
  webhook: Webhook;
  secret: string;
}

export async function requireWebhook(em: EntityManager, id: number, field = 'id'): Promise<Webhook> {
  const webhook = await em.findOne(Webhook, id, { populate: ['team'] });
  if (!webhook) throw notFound('Webhook', id, field);
  return webhook;
}

function eventTypesOf(types: EventType[], field: string): EventType[] {
  if (types.length === 0) throw badInput(field, 'webhook-event-types', 'name at least one event type');
  return [...new Set(types)];
}

async function scopeTeam(em: EntityManager, teamId: number | null | undefined, field: string): Promise<Team | null> {
  if (teamId === null || teamId === undefined) return null;
  const team = await requireTeam(em, teamId, field);
  if (team.archivedAt) throw badInput(field, 'archived', `team ${teamId} is archived`);
  return team;
}

export async function createWebhook(em: EntityManager, draft: WebhookDraft): Promise<WebhookWithSecret> {
  const secret = newSecret();
  const webhook = em.create(Webhook, {
    url: endpointUrl(draft.url, 'input.url'),
    eventTypes: eventTypesOf(draft.eventTypes, 'input.eventTypes'),
    team: await scopeTeam(em, draft.teamId, 'input.teamId'),
    description: optionalText(draft.description, 'input.description', 500),
    secret,
  });
  await em.flush();
  return { webhook, secret };
}

export async function updateWebhook(em: EntityManager, id: number, patch: WebhookPatch): Promise<Webhook> {
  const webhook = await requireWebhook(em, id);
  if (patch.url != null) webhook.url = endpointUrl(patch.url, 'input.url');
  if (patch.eventTypes != null) webhook.eventTypes = eventTypesOf(patch.eventTypes, 'input.eventTypes');
  if (patch.teamId !== undefined) webhook.team = await scopeTeam(em, patch.teamId, 'input.teamId');
  if (patch.description !== undefined) webhook.description = optionalText(patch.description, 'input.description', 500);
  if (patch.active != null) webhook.active = patch.active;
  await em.flush();
  return webhook;
}

/** A new secret, in force at once: the next attempt of every delivery is signed with it. */
export async function rotateWebhookSecret(em: EntityManager, id: number): Promise<WebhookWithSecret> {
  const webhook = await requireWebhook(em, id);
  webhook.secret = newSecret();
  await em.flush();
  return { webhook, secret: webhook.secret };
}

/** Removes an endpoint with its deliveries (queued ones are not sent). */
export async function deleteWebhook(em: EntityManager, id: number): Promise<number> {
  const webhook = await requireWebhook(em, id);
  em.remove(webhook);
  await em.flush();
  return id;
}

/**
 * Statement of a replay: the chosen deliveries start over (attempts from 0, due now), whatever their
 * status; one being sent right now is left to its worker.
 */
const REQUEUE = `status = '${WebhookDeliveryStatus.PENDING}', attempts = 0, due_at = now(), delivered_at = null,
  last_status = null, last_error = null`;

/** Sends one delivery again, delivered or dead alike. */
export async function replayDelivery(em: EntityManager, id: number): Promise<WebhookDelivery> {
  await em.execute(`update webhook_delivery set ${REQUEUE} where id = ? and status <> '${WebhookDeliveryStatus.IN_FLIGHT}'`, [id]);
  const delivery = await em.findOne(WebhookDelivery, id, { populate: ['webhook', 'event'], refresh: true });
  if (!delivery) throw notFound('WebhookDelivery', id, 'id');
  return delivery;
}

/**
 * Queues the endpoint's events since a time, as its types and scope now select them: events it already
 * had start over, the others (older than the endpoint, or of types it took on since) are added. One
 * statement; returns how many deliveries it queued.
 */
export async function replayEvents(em: EntityManager, webhookId: number, since: Date): Promise<number> {
  await requireWebhook(em, webhookId, 'webhookId');
  const result = await em.execute<{ affectedRows: number }>(
    `insert into webhook_delivery (webhook_id, event_id)
     select w.id, e.id from webhook w
       join domain_event e on e.type = any(w.event_types) and (w.team_id is null or w.team_id = any(e.team_ids))
      where w.id = ? and e.occurred_at >= ?
     on conflict (webhook_id, event_id) do update set ${REQUEUE}
      where webhook_delivery.status <> '${WebhookDeliveryStatus.IN_FLIGHT}'`,
    [webhookId, since],
    'run',
  );
  return result.affectedRows;
}
