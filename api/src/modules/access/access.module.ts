import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { MembershipsLookup } from './memberships.repository';
import { SessionsService } from './sessions.service';

@Global()
@Module({
  providers: [SessionsService, MembershipsLookup, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [SessionsService, MembershipsLookup],
})
export class AccessModule {}
