import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { MembershipsLookup } from './memberships.repository';
import { SessionsService } from './sessions.service';
import { ApiTokenAuth } from '../values/api-tokens/api-token-auth';

@Global()
@Module({
  providers: [SessionsService, MembershipsLookup, ApiTokenAuth, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [SessionsService, MembershipsLookup],
})
export class AccessModule {}
