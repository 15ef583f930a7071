import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClassType } from 'type-graphql';

/**
 * Request-scoped DataLoaders. Each domain defines its loaders next to its entities with `defineLoader`;
 * the cache creates one instance per request on first use, so a list of N items costs one statement per
 * relation rather than N.
 */
export type LoaderFactory<K, V> = (em: EntityManager) => DataLoader<K, V>;

export function defineLoader<K, V>(create: LoaderFactory<K, V>): LoaderFactory<K, V> {
  return create;
}

export class LoaderCache {
  private readonly loaders = new Map<LoaderFactory<unknown, unknown>, DataLoader<unknown, unknown>>();

  constructor(private readonly em: EntityManager) {}

  get<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(factory as LoaderFactory<unknown, unknown>);
    if (!loader) {
      loader = factory(this.em) as DataLoader<unknown, unknown>;
      this.loaders.set(factory as LoaderFactory<unknown, unknown>, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** A loader of entities by primary key; missing ids resolve to undefined. */
export function byIdLoader<T extends { id: number }>(entity: ClassType<T>): LoaderFactory<number, T | undefined> {
  return defineLoader(
    (em) =>
      new DataLoader<number, T | undefined>(async (ids) => {
        const rows = await em.find(entity, { id: { $in: [...ids] } } as never);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id));
      }),
  );
}

/** Groups rows by a key, in the order of the requested keys (for one-to-many loaders). */
export function groupByKey<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * An instance of an entity class for display only: `fields` become its own properties, so that neither
 * the ORM's property setters nor its identity map take part (TypeGraphQL and the object guard still see
 * an instance of the class). For rows read in bulk on hot read paths; never persist one.
 */
export function displayInstance<T extends object>(type: ClassType<T>, fields: Partial<T>): T {
  const instance = Object.create(type.prototype) as T;
  for (const [key, value] of Object.entries(fields))
    Object.defineProperty(instance, key, { value, writable: true, enumerable: true, configurable: true });
  return instance;
}
