import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  agendaVersionParam,
  type AgendaVersionListItem,
  type AgendaVersionView,
  type SaveAgendaInput,
  saveAgendaSchema,
} from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { AgendaService } from './agenda.service';

@Controller('collaborations/:collaborationId/agenda')
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Get()
  @RequirePermission('collaboration.read')
  current(@Ctx() ctx: RequestContext): Promise<AgendaVersionView> {
    return this.agenda.current(ctx);
  }

  /** Save a new version (never changes old ones); 409 when `baseVersion` is not the current one. */
  @Put()
  @RequirePermission('agenda.edit')
  save(
    @Ctx() ctx: RequestContext,
    @Body({ schema: saveAgendaSchema }) body: SaveAgendaInput,
  ): Promise<AgendaVersionView> {
    return this.agenda.save(ctx, body);
  }

  @Get('versions')
  @RequirePermission('collaboration.read')
  versions(@Ctx() ctx: RequestContext): Promise<{ items: AgendaVersionListItem[] }> {
    return this.agenda.versions(ctx);
  }

  @Get('versions/:version')
  @RequirePermission('collaboration.read')
  version(
    @Ctx() ctx: RequestContext,
    @Param('version', { schema: agendaVersionParam }) version: number,
  ): Promise<AgendaVersionView> {
    return this.agenda.version(ctx, version);
  }
}
