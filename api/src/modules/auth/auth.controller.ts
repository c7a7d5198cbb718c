import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  type PasswordResetConfirmInput,
  type PasswordResetRequestInput,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  type SignInInput,
  type SignUpInput,
  signInSchema,
  signUpSchema,
} from '@constellation/shared';
import type { FastifyReply } from 'fastify';
import { Authenticated, Public } from '../../common/access.decorators';
import { type AppRequest, Ctx, type RequestContext } from '../../common/request-context';
import { SessionsService } from '../access/sessions.service';
import { clearSessionCookies, setSessionCookies } from './auth.cookies';
import { AuthService } from './auth.service';
import { PasswordResetService, RESET_DONE_MESSAGE, RESET_REQUESTED_MESSAGE } from './password-reset.service';
import { RetryAfterInterceptor } from './retry-after.interceptor';

@Controller('auth')
@UseInterceptors(RetryAfterInterceptor)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly resets: PasswordResetService,
    private readonly sessions: SessionsService,
  ) {}

  /** 201 {user} and the session cookies; 409 when the email is registered. */
  @Post('sign-up')
  @Public()
  @HttpCode(HttpStatus.CREATED)
  async signUp(
    @Ctx() ctx: RequestContext,
    @Req() req: AppRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Body({ schema: signUpSchema }) body: SignUpInput,
  ) {
    const signedIn = await this.auth.signUp(ctx, body, req.authSession?.tokenHash);
    setSessionCookies(res, this.sessions, signedIn.token, signedIn.csrfToken);
    return { user: signedIn.user };
  }

  /** 200 {user} and the session cookies; 401 for a wrong email or password; 429 with Retry-After. */
  @Post('sign-in')
  @Public()
  @HttpCode(HttpStatus.OK)
  async signIn(
    @Ctx() ctx: RequestContext,
    @Req() req: AppRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Body({ schema: signInSchema }) body: SignInInput,
  ) {
    const signedIn = await this.auth.signIn(ctx, body, req.authSession?.tokenHash);
    setSessionCookies(res, this.sessions, signedIn.token, signedIn.csrfToken);
    return { user: signedIn.user };
  }

  /** 204; ends this session and clears both cookies. */
  @Post('sign-out')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  async signOut(
    @Ctx() ctx: RequestContext,
    @Req() req: AppRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    if (req.authSession) await this.auth.signOut(ctx, req.authSession.tokenHash);
    clearSessionCookies(res, this.sessions);
  }

  /** 202 whether or not the account exists (no account discovery). */
  @Post('password-reset/request')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  async requestReset(
    @Ctx() ctx: RequestContext,
    @Body({ schema: passwordResetRequestSchema }) body: PasswordResetRequestInput,
  ) {
    await this.resets.request(ctx, body);
    return { message: RESET_REQUESTED_MESSAGE };
  }

  /** 200; 400 naming `token` when the link is unknown, expired or used. Signs out every session. */
  @Post('password-reset/confirm')
  @Public()
  @HttpCode(HttpStatus.OK)
  async confirmReset(
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: FastifyReply,
    @Body({ schema: passwordResetConfirmSchema }) body: PasswordResetConfirmInput,
  ) {
    const { userId } = await this.resets.confirm(ctx, body);
    // This browser's session (if it was that person's) has just ended: drop its cookies too.
    if (ctx.user?.id === userId) clearSessionCookies(res, this.sessions);
    return { message: RESET_DONE_MESSAGE };
  }
}
