import { Field, ID, InputType } from 'type-graphql';
import { EventType } from '../event-type.js';
import { WebhookDeliveryStatus } from './enums.js';

@InputType({ description: 'A new webhook endpoint.' })
export class CreateWebhookInput {
  @Field(() => String, {
    description: 'Where to POST events: an http or https URL with a host, without credentials, at most 2000 characters.',
  })
  url!: string;

  @Field(() => [EventType], { description: 'The event types to send (at least one).' })
  eventTypes!: EventType[];

  @Field(() => ID, { nullable: true, description: "Only events credited to this team's subtree; omit for every event." })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: 'What the endpoint is for (at most 500 characters).' })
  description?: string | null;
}

@InputType({ description: 'Changes to a webhook endpoint; omitted fields stay as they are.' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true, description: 'New URL (same rules as when created).' })
  url?: string | null;

  @Field(() => [EventType], { nullable: true, description: 'New event types (at least one).' })
  eventTypes?: EventType[] | null;

  @Field(() => ID, { nullable: true, description: "Only events credited to this team's subtree; null for every event." })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: 'New description; null removes it.' })
  description?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'False pauses the endpoint (nothing is queued for it and its queue waits); true resumes it.',
  })
  active?: boolean | null;
}

@InputType({ description: 'Which webhook deliveries to list.' })
export class WebhookDeliveryFilter {
  @Field(() => ID, { nullable: true, description: 'Only the deliveries to this endpoint.' })
  webhookId?: string;

  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries in this status.' })
  status?: WebhookDeliveryStatus;

  @Field(() => ID, { nullable: true, description: 'Only the deliveries of this event.' })
  eventId?: string;
}
