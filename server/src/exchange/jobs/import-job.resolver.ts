import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../errors.js';
import { PageArgs, Page, type PageInfo, readCursor, signCursor, toPageRequest } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { parseId } from '../../ids.js';
import { ImportJob } from './import-job.entity.js';
import { bytesOf, checkFileCount, delimiterOf, enqueueImport, mappingOf, type FileDraft } from './enqueue.js';
import { type ImportFileInput, StartImportInput } from './inputs.js';
import { progressOf, rejectedRowsPath } from './view.js';
import { ImportJobConnection, ImportJobFile, ImportJobProgress, ImportKindCounts, ImportRowError } from './types.js';

/** The largest file startImport takes inline; the request body limit (MAX_BODY_BYTES) may be lower. */
export const INLINE_MAX_BYTES = 5 * 1024 * 1024;
const JOB_LIST = 'ImportJob.id desc';

function fileDraft(file: ImportFileInput, index: number): FileDraft {
  const field = `input.files.${index}`;
  if (Buffer.byteLength(file.content) > INLINE_MAX_BYTES)
    throw badInput(`${field}.content`, 'inline-file-size', `a file given inline holds at most 5 MB: upload ${file.name} with POST /import`);
  return {
    kind: file.kind,
    format: file.format,
    name: file.name.trim().slice(0, 300) || `${file.kind}.${file.format.toLowerCase()}`,
    mapping: mappingOf(file.kind, file.mapping, file.mappingFile, `${field}.mapping`),
    encoding: file.encoding ?? null,
    delimiter: delimiterOf(file.delimiter, `${field}.delimiter`),
    bytes: bytesOf(file.content),
  };
}

@Resolver(() => ImportJob)
export class ImportJobResolver {
  @Mutation(() => ImportJob, {
    description:
      'Queues an import of record files given inline (ADMIN). Follow it with importJob(id); larger files go through POST /import.',
  })
  async startImport(@Arg('input', () => StartImportInput) input: StartImportInput, @Ctx() ctx: Context): Promise<ImportJob> {
    await ctx.access.assertCanManageOrganisation('import records');
    checkFileCount(input.files.length, 'input.files');
    const files = input.files.map(fileDraft);
    return enqueueImport(
      ctx.em,
      { source: input.source, dryRun: input.dryRun, mode: input.mode, files, requestedBy: ctx.viewer },
      INLINE_MAX_BYTES,
    );
  }

  @Query(() => ImportJob, { nullable: true, description: 'One import job by id, or null when there is none (ADMIN).' })
  async importJob(@Arg('id', () => ID, { description: 'Job id.' }) id: string, @Ctx() ctx: Context): Promise<ImportJob | null> {
    await ctx.access.assertCanManageOrganisation('read import jobs');
    return ctx.em.findOne(ImportJob, { id: parseId(id, 'id') });
  }

  @Query(() => ImportJobConnection, { description: 'Import jobs, newest first (ADMIN).' })
  async importJobs(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context): Promise<Page<ImportJob>> {
    await ctx.access.assertCanManageOrganisation('read import jobs');
    const { first } = toPageRequest({ first: page.first }, ctx.limits.maxPageSize);
    const where = page.after ? { id: { $lt: readCursor(JOB_LIST, page.after) as number } } : {};
    const rows = first === 0 ? [] : await ctx.em.find(ImportJob, where, { orderBy: { id: 'desc' }, limit: first + 1 });
    const edges = rows.slice(0, first).map((node) => ({ cursor: signCursor(JOB_LIST, node.id), node }));
    const pageInfo: PageInfo = {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(page.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
    return new Page(edges, pageInfo, () => ctx.em.count(ImportJob, {}));
  }

  @FieldResolver(() => [ImportJobFile], { description: 'Its files, in the order given.' })
  files(@Root() job: ImportJob): ImportJobFile[] {
    return job.files.map((file) => ({
      kind: file.kind,
      format: file.format,
      name: file.name,
      mapping: typeof file.mapping === 'string' || file.mapping === null ? file.mapping : file.mapping.name,
      encoding: file.encoding,
      bytes: file.bytes,
    }));
  }

  @FieldResolver(() => ImportJobProgress, { description: 'How far it got; written by the running process at most twice a second.' })
  progress(@Root() job: ImportJob): ImportJobProgress {
    return progressOf(job);
  }

  @FieldResolver(() => [ImportKindCounts], { description: 'What it did with the rows of each kind (a dry run: what it would do).' })
  counts(@Root() job: ImportJob): ImportKindCounts[] {
    return job.counts;
  }

  @FieldResolver(() => [ImportRowError], {
    description: 'The first row errors, in file order; errorCount counts them all (the first 1000 are kept).',
  })
  errors(
    @Root() job: ImportJob,
    @Arg('first', () => Int, { defaultValue: 100, description: 'How many, at most 1000.' }) first: number,
  ): ImportRowError[] {
    if (!Number.isInteger(first) || first < 0 || first > 1000) throw badInput('first', 'range', 'must be between 0 and 1000');
    return job.errors.slice(0, first);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Path of the CSV of the rows a PARTIAL run rejected, with their errors (GET, same credentials); null when there are none.',
  })
  rejectedRowsUrl(@Root() job: ImportJob): string | null {
    return rejectedRowsPath(job);
  }

  @FieldResolver(() => String, { description: 'Who started it: the subject of their token, or their access role.' })
  requestedBy(@Root() job: ImportJob): string {
    return job.requestedBy;
  }
}
