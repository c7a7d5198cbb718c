import { Module } from '@nestjs/common';
import { InvitationAcceptanceService } from './invitations/invitation-acceptance.service';
import { InvitationTokensController } from './invitations/invitation-tokens.controller';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsRepository } from './invitations/invitations.repository';
import { InvitationsService } from './invitations/invitations.service';
import { JoinRequestsController } from './join-requests/join-requests.controller';
import { JoinRequestsRepository } from './join-requests/join-requests.repository';
import { JoinRequestsService } from './join-requests/join-requests.service';
import { MembersController } from './members/members.controller';
import { MembersRepository } from './members/members.repository';
import { MembersService } from './members/members.service';
import { PartnersController } from './partners/partners.controller';
import { PartnersRepository } from './partners/partners.repository';
import { PartnersService } from './partners/partners.service';

/**
 * Partners joining a collaboration (invitations, join codes), endorsing its common agenda,
 * and the people (members) and their roles.
 */
@Module({
  controllers: [
    InvitationsController,
    InvitationTokensController,
    JoinRequestsController,
    PartnersController,
    MembersController,
  ],
  providers: [
    PartnersRepository,
    MembersRepository,
    InvitationsRepository,
    JoinRequestsRepository,
    PartnersService,
    MembersService,
    InvitationsService,
    InvitationAcceptanceService,
    JoinRequestsService,
  ],
  exports: [PartnersRepository, MembersRepository],
})
export class PartnersModule {}
