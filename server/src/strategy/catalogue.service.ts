import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../errors.js';
import { formatMoney, parseMoney } from '../money.js';
import { optionalText, requireText } from '../validate.js';
import { Channel } from './channel.entity.js';
import { Product, ProductLine } from './product.entity.js';

/** Channels and products: the catalogue that leads, deals and strategies refer to. */

const CODE = /^[A-Z][A-Z0-9_-]{0,59}$/;

function requireCode(value: string, field: string): string {
  const code = value.trim().toUpperCase();
  if (!CODE.test(code))
    throw badInput(field, 'code', `"${value}" is not a code: letters, digits, "-" or "_", starting with a letter, at most 60`);
  return code;
}

export interface ChannelDraft {
  code: string;
  nameEn: string;
  nameRu: string;
  description?: string | null;
}

export async function requireChannel(em: EntityManager, id: number, field = 'id'): Promise<Channel> {
  const channel = await em.findOne(Channel, id);
  if (!channel) throw notFound('Channel', id, field);
  return channel;
}

/** A channel that new leads and deals may use. */
export async function requireActiveChannel(em: EntityManager, id: number, field: string): Promise<Channel> {
  const channel = await requireChannel(em, id, field);
  if (channel.archivedAt) throw badInput(field, 'archived', `channel ${id} is archived`);
  return channel;
}

export async function createChannel(em: EntityManager, draft: ChannelDraft): Promise<Channel> {
  const code = requireCode(draft.code, 'code');
  if (await em.findOne(Channel, { code })) throw conflict('unique-code', `a channel with code ${code} already exists`, 'code');
  const channel = em.create(Channel, {
    code,
    nameEn: requireText(draft.nameEn, 'nameEn', 120),
    nameRu: requireText(draft.nameRu, 'nameRu', 120),
    description: optionalText(draft.description, 'description', 2000),
  });
  await em.flush();
  return channel;
}

export async function updateChannel(em: EntityManager, id: number, patch: Partial<Omit<ChannelDraft, 'code'>>): Promise<Channel> {
  const channel = await requireChannel(em, id);
  if (patch.nameEn != null) channel.nameEn = requireText(patch.nameEn, 'nameEn', 120);
  if (patch.nameRu != null) channel.nameRu = requireText(patch.nameRu, 'nameRu', 120);
  if (patch.description !== undefined) channel.description = optionalText(patch.description, 'description', 2000);
  await em.flush();
  return channel;
}

/** Retires a channel: it stays on the leads and deals that used it, new ones cannot choose it. */
export async function archiveChannel(em: EntityManager, id: number): Promise<Channel> {
  const channel = await requireChannel(em, id);
  channel.archivedAt ??= new Date();
  await em.flush();
  return channel;
}

export interface ProductLineDraft {
  code: string;
  name: string;
  description?: string | null;
}

export async function createProductLine(em: EntityManager, draft: ProductLineDraft): Promise<ProductLine> {
  const code = requireCode(draft.code, 'code');
  if (await em.findOne(ProductLine, { code })) throw conflict('unique-code', `a product line with code ${code} already exists`, 'code');
  const line = em.create(ProductLine, {
    code,
    name: requireText(draft.name, 'name', 200),
    description: optionalText(draft.description, 'description', 2000),
  });
  await em.flush();
  return line;
}

export interface ProductDraft {
  code: string;
  name: string;
  lineId: number;
  listPrice?: string | null;
  description?: string | null;
}

export async function requireProduct(em: EntityManager, id: number, field = 'id'): Promise<Product> {
  const product = await em.findOne(Product, id);
  if (!product) throw notFound('Product', id, field);
  return product;
}

export async function requireActiveProduct(em: EntityManager, id: number, field: string): Promise<Product> {
  const product = await requireProduct(em, id, field);
  if (product.archivedAt) throw badInput(field, 'archived', `product ${id} is archived`);
  return product;
}

async function requireActiveLine(em: EntityManager, id: number, field: string): Promise<ProductLine> {
  const line = await em.findOne(ProductLine, id);
  if (!line) throw notFound('ProductLine', id, field);
  if (line.archivedAt) throw badInput(field, 'archived', `product line ${id} is archived`);
  return line;
}

export async function createProduct(em: EntityManager, draft: ProductDraft): Promise<Product> {
  const code = requireCode(draft.code, 'code');
  if (await em.findOne(Product, { code })) throw conflict('unique-code', `a product with code ${code} already exists`, 'code');
  const product = em.create(Product, {
    code,
    name: requireText(draft.name, 'name', 200),
    line: await requireActiveLine(em, draft.lineId, 'lineId'),
    listPrice: draft.listPrice == null ? null : formatMoney(parseMoney(draft.listPrice, 'listPrice')),
    description: optionalText(draft.description, 'description', 2000),
  });
  await em.flush();
  return product;
}

export async function updateProduct(em: EntityManager, id: number, patch: Partial<Omit<ProductDraft, 'code'>>): Promise<Product> {
  const product = await requireProduct(em, id);
  if (product.archivedAt) throw conflict('archived', `product ${id} is archived and cannot be changed`, 'id');
  if (patch.name != null) product.name = requireText(patch.name, 'name', 200);
  if (patch.lineId != null) product.line = await requireActiveLine(em, patch.lineId, 'lineId');
  if (patch.listPrice !== undefined)
    product.listPrice = patch.listPrice === null ? null : formatMoney(parseMoney(patch.listPrice, 'listPrice'));
  if (patch.description !== undefined) product.description = optionalText(patch.description, 'description', 2000);
  await em.flush();
  return product;
}

export async function archiveProduct(em: EntityManager, id: number): Promise<Product> {
  const product = await requireProduct(em, id);
  product.archivedAt ??= new Date();
  await em.flush();
  return product;
}
