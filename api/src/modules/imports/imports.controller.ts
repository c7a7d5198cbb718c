import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  type ImportCommitResult,
  type ImportErrorsQuery,
  importErrorsQuerySchema,
  type ImportPreview,
  type ImportTemplateQuery,
  importTemplateQuerySchema,
  uuid,
  type ValuesExportQuery,
  valuesExportQuerySchema,
} from '@constellation/shared';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { Actor, type TokenAwareRequest, type ValuesActor } from '../values/common/actor';
import { ExportsService } from './exports.service';
import { ImportsService } from './imports.service';
import { receiveUpload } from './upload';

/**
 * Value files: upload and preview (every row validated, nothing written; large files checked by a
 * worker job, polled), commit (all or nothing), the partner's template, and exports with
 * spreadsheet-formula escaping.
 */
@Controller('collaborations/:collaborationId')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly exports: ExportsService,
  ) {}

  /** multipart/form-data: `file` (CSV or XLSX, ≤ 50 MB), `partnerId`, optional `decimalComma`, `submit`. */
  @Post('imports')
  @HttpCode(201)
  @RequirePermission('values.write')
  async upload(@Ctx() ctx: RequestContext, @Actor() actor: ValuesActor, @Req() req: TokenAwareRequest): Promise<ImportPreview> {
    const upload = await receiveUpload(req.raw);
    return this.imports.preview(ctx, actor, upload);
  }

  /** The import's status, counts, errors and sample; while a worker job runs, its progress (the wizard polls this). */
  @Get('imports/:importId')
  @RequirePermission('values.write')
  status(@Actor() actor: ValuesActor, @Param('importId', { schema: uuid }) importId: string): Promise<ImportPreview> {
    return this.imports.status(actor, importId);
  }

  /** Every error of the import as a CSV or XLSX file (row, column, problem). */
  @Get('imports/:importId/errors')
  @RequirePermission('values.write')
  async errors(
    @Actor() actor: ValuesActor,
    @Param('importId', { schema: uuid }) importId: string,
    @Query({ schema: importErrorsQuerySchema }) query: ImportErrorsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.imports.errorsFile(actor, importId, query.format, reply);
  }

  /** 200 with the counts when written at once; 202 (status committing) when a worker job commits a large file. */
  @Post('imports/:importId/commit')
  @HttpCode(200)
  @RequirePermission('values.write')
  async commit(
    @Ctx() ctx: RequestContext,
    @Actor() actor: ValuesActor,
    @Param('importId', { schema: uuid }) importId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportCommitResult> {
    const result = await this.imports.commit(ctx, actor, importId);
    if (result.status === 'committing') reply.status(202);
    return result;
  }

  @Get('partners/:partnerId/import-template')
  @RequirePermission('values.write')
  async template(
    @Actor() actor: ValuesActor,
    @Param('partnerId', { schema: uuid }) partnerId: string,
    @Query({ schema: importTemplateQuerySchema }) query: ImportTemplateQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.exports.template(actor, partnerId, query, reply);
  }

  @Get('values/export')
  @RequirePermission('values.read')
  async exportValues(@Actor() actor: ValuesActor, @Query({ schema: valuesExportQuerySchema }) query: ValuesExportQuery, @Res() reply: FastifyReply): Promise<void> {
    await this.exports.exportValues(actor, query, reply);
  }
}
