import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import {
  type CreateSharedDashboardInput,
  createSharedDashboardSchema,
  type PublicDashboard,
  type SharedDashboardView,
  uuid,
} from '@constellation/shared';
import { z } from 'zod';
import { Public, RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AttemptLimiter } from '../auth/attempt-limiter';
import { RetryAfterInterceptor } from '../auth/retry-after.interceptor';
import { SharingService } from './sharing.service';

/** The backbone's management of public links (sharing.manage). */
@Controller('collaborations/:collaborationId/shared-dashboards')
export class SharedDashboardsController {
  constructor(private readonly sharing: SharingService) {}

  @Get()
  @RequirePermission('sharing.manage')
  list(@Ctx() ctx: RequestContext): Promise<{ items: SharedDashboardView[] }> {
    return this.sharing.list(ctx);
  }

  @Post()
  @RequirePermission('sharing.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Body({ schema: createSharedDashboardSchema }) body: CreateSharedDashboardInput,
  ): Promise<SharedDashboardView> {
    return this.sharing.create(ctx, body);
  }

  /** 200 with the revoked link; revoking a revoked link changes nothing. */
  @Post(':sharedDashboardId/revoke')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('sharing.manage')
  revoke(
    @Ctx() ctx: RequestContext,
    @Param('sharedDashboardId', { schema: uuid }) id: string,
  ): Promise<SharedDashboardView> {
    return this.sharing.revoke(ctx, id);
  }
}

/** The public, read-only dashboard behind a share link: no sign-in, rate-limited per client IP. */
@Controller('public/dashboards')
@UseInterceptors(RetryAfterInterceptor)
export class PublicDashboardsController {
  constructor(
    private readonly sharing: SharingService,
    private readonly limiter: AttemptLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Any string up to 200 characters: a malformed token is answered like an unknown one (404 "no longer shared"), not 400. */
  @Get(':token')
  @Public()
  // Never kept by a browser or a shared cache: a revoked link must stop showing figures at once.
  @Header('Cache-Control', 'no-store')
  async show(
    @Ctx() ctx: RequestContext,
    @Param('token', { schema: z.string().max(200) }) token: string,
  ): Promise<PublicDashboard> {
    const { maxPerIp, windowSeconds } = this.config.publicDashboards;
    await this.limiter.consume('public-dashboard-ip', ctx.ip ?? 'unknown', maxPerIp, windowSeconds);
    return this.sharing.publicDashboard(token);
  }
}
