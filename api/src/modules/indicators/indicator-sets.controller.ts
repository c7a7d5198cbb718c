import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  type IndicatorSet,
  type IndicatorSetImportInput,
  indicatorSetImportSchema,
} from '@constellation/shared';
import { z } from 'zod';
import { Authenticated, RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { type ImportResult, IndicatorSetsService } from './indicator-sets.service';

@Controller('collaborations/:collaborationId/indicator-sets')
export class IndicatorSetsController {
  constructor(private readonly sets: IndicatorSetsService) {}

  /** Every active indicator with its dimensions, targets and baseline, keyed by code and keys (no ids). */
  @Get('export')
  @RequirePermission('collaboration.read')
  export(@Ctx() ctx: RequestContext): Promise<IndicatorSet> {
    return this.sets.export(ctx);
  }

  /** A set (the export format) plus `goalId`; all-or-nothing. */
  @Post('import')
  @RequirePermission('indicators.manage')
  import(
    @Ctx() ctx: RequestContext,
    @Body({ schema: indicatorSetImportSchema }) body: IndicatorSetImportInput,
  ): Promise<ImportResult> {
    return this.sets.import(ctx, body);
  }
}

/** The indicator sets shipped with Constellation. */
@Controller('indicator-sets/examples')
export class ExampleIndicatorSetsController {
  constructor(private readonly sets: IndicatorSetsService) {}

  @Get()
  @Authenticated()
  list() {
    return this.sets.examples();
  }

  @Get(':exampleId')
  @Authenticated()
  get(
    @Param('exampleId', {
      schema: z.string().regex(/^[a-z0-9-]{1,100}$/, { message: 'must be an example set id' }),
    })
    id: string,
  ): IndicatorSet {
    return this.sets.example(id);
  }
}
