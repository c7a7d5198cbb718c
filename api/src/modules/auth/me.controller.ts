import { Controller, Get, Header, Req } from '@nestjs/common';
import { Authenticated } from '../../common/access.decorators';
import { type AppRequest, Ctx, type RequestContext } from '../../common/request-context';
import { MeService } from './me.service';

@Controller('me')
export class MeController {
  constructor(private readonly meService: MeService) {}

  /** The signed-in person, the CSRF token for writes, and their active memberships. */
  @Get()
  @Authenticated()
  @Header('Cache-Control', 'no-store')
  me(@Ctx() ctx: RequestContext, @Req() req: AppRequest) {
    return this.meService.me(ctx, req.authSession?.csrfToken ?? '');
  }
}
