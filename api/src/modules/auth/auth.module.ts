import { Module } from '@nestjs/common';
import { AttemptLimiter, COUNTER_STORE } from './attempt-limiter';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { PasswordResetService } from './password-reset.service';
import { PasswordHasher } from './passwords';
import { RedisCounterStore } from './redis-counter-store';
import { UsersRepository } from './users.repository';

/** Identity: sign-up, sign-in (rate-limited), sign-out, password reset, and /me. */
@Module({
  controllers: [AuthController, MeController],
  providers: [
    AuthService,
    PasswordResetService,
    MeService,
    AuthRepository,
    UsersRepository,
    PasswordHasher,
    AttemptLimiter,
    { provide: COUNTER_STORE, useClass: RedisCounterStore },
  ],
  exports: [PasswordHasher, UsersRepository],
})
export class AuthModule {}
