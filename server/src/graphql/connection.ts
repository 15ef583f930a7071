import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors.js';

/** Forward, keyset-based pagination (Relay connections): stable under inserts, cheap at any depth. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'How many items to return (default 20, at most the server limit, 100 unless configured).',
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (an `endCursor` from a previous page).' })
  after?: string;
}

@ObjectType({ description: 'Where a page stands in the whole list.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was requested after a cursor.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** One page of a list, with the total computed only when a client asks for it. */
export class Page<T> {
  constructor(
    readonly edges: Edge<T>[],
    readonly pageInfo: PageInfo,
    private readonly count: () => Promise<number>,
  ) {}

  get nodes(): T[] {
    return this.edges.map((edge) => edge.node);
  }

  /** A getter, so that the count query runs only when the field is selected. */
  get totalCount(): Promise<number> {
    return this.count();
  }
}

/** Builds the `<Name>Connection` and `<Name>Edge` GraphQL types for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with the cursor that points at it.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this item; pass it as `after` to continue after it.' })
    cursor!: string;

    @Field(() => node, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType()
  abstract class ConnectionType {
    @Field(() => [EdgeType], { description: `The ${what} items of this page with their cursors.` })
    edges!: EdgeType[];

    @Field(() => [node], { description: `The ${what} items of this page, without cursors.` })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Whether more pages follow and the cursors to reach them.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: `How many ${what} items match the filter in all pages.` })
    totalCount!: number;
  }
  return ConnectionType;
}

type SortValue = string | number;

export interface PageRequest {
  first: number;
  /** The cursor as sent; `paginate` reads it, knowing which list it must belong to. */
  after?: string;
}

export function toPageRequest(args: PageArgs, maxPageSize: number, defaultSize = 20): PageRequest {
  const first = args.first ?? Math.min(defaultSize, maxPageSize);
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw badInput('first', 'page-size', `must be between 0 and ${maxPageSize}, got ${args.first}`);
  }
  return { first, after: args.after ?? undefined };
}

/**
 * Cursors are opaque to clients and signed (HMAC-SHA-256 cut to 128 bits) together with the list they
 * belong to, so that an edited cursor, or one of another list, is refused instead of steering the
 * query. The key is CURSOR_SECRET when configured (instances accept each other's cursors), else random
 * per process (cursors then end with it, like any stale cursor).
 */
let cursorKey: Buffer = randomBytes(32);

export function useCursorSecret(secret: string): void {
  cursorKey = Buffer.from(secret);
}

const MAC_BYTES = 16;

function cursorMac(list: string, payload: Buffer): Buffer {
  return createHmac('sha256', cursorKey).update(list).update('\0').update(payload).digest().subarray(0, MAC_BYTES);
}

export function signCursor(list: string, value: unknown): string {
  const payload = Buffer.from(JSON.stringify(value));
  return Buffer.concat([cursorMac(list, payload), payload]).toString('base64url');
}

/** The value a cursor of `list` carries; BAD_USER_INPUT for anything this server did not sign for that list. */
export function readCursor(list: string, cursor: string): unknown {
  const bytes = Buffer.from(cursor, 'base64url');
  const payload = bytes.subarray(MAC_BYTES);
  if (bytes.length <= MAC_BYTES || !timingSafeEqual(bytes.subarray(0, MAC_BYTES), cursorMac(list, payload))) {
    throw badInput('after', 'cursor', 'is not a cursor returned by this list');
  }
  return JSON.parse(payload.toString('utf8'));
}

/** A keyset list is named by its entity and sort key: cursors of `teams` do not page `members`. */
const listOf = (entity: ClassType<object>, sortBy: string) => `${entity.name}.${sortBy}`;

/**
 * Reads one page of `entity` ordered by `sortBy` then id, with one SQL statement (plus one for the
 * total, only when it is requested).
 */
export async function paginate<T extends { id: number }>(
  em: EntityManager,
  entity: ClassType<T>,
  where: FilterQuery<T>,
  sortBy: keyof T & string,
  page: PageRequest,
): Promise<Page<T>> {
  const conditions: object[] = [where as object];
  if (page.after) {
    const [value, id] = readCursor(listOf(entity, sortBy), page.after) as [SortValue, number];
    conditions.push({ $or: [{ [sortBy]: { $gt: value } }, { [sortBy]: value, id: { $gt: id } }] });
  }
  const rows =
    page.first === 0
      ? []
      : await em.find(entity, { $and: conditions } as FilterQuery<T>, {
          orderBy: [{ [sortBy]: 'asc' }, { id: 'asc' }] as never,
          limit: page.first + 1,
        });
  const items = rows.slice(0, page.first);
  const edges = items.map((node) => ({ cursor: signCursor(listOf(entity, sortBy), [node[sortBy] as SortValue, node.id]), node }));
  const pageInfo: PageInfo = {
    hasNextPage: rows.length > page.first,
    hasPreviousPage: Boolean(page.after),
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return new Page(edges, pageInfo, () => em.count(entity, where));
}

/**
 * Reads one page of `entity` newest first (by id, descending), for lists whose first page should show what
 * happened last (events, deliveries): one statement, plus one for the total when it is asked for.
 */
export async function paginateNewestFirst<T extends { id: number }>(
  em: EntityManager,
  entity: ClassType<T>,
  where: FilterQuery<T>,
  page: PageRequest,
): Promise<Page<T>> {
  const list = `${entity.name}.id.desc`;
  const conditions: object[] = [where as object];
  if (page.after) conditions.push({ id: { $lt: Number(readCursor(list, page.after)) } });
  const rows =
    page.first === 0
      ? []
      : await em.find(entity, { $and: conditions } as FilterQuery<T>, { orderBy: { id: 'desc' } as never, limit: page.first + 1 });
  const edges = rows.slice(0, page.first).map((node) => ({ cursor: signCursor(list, node.id), node }));
  const pageInfo: PageInfo = {
    hasNextPage: rows.length > page.first,
    hasPreviousPage: Boolean(page.after),
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return new Page(edges, pageInfo, () => em.count(entity, where));
}
