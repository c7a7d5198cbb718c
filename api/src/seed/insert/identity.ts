import { OrganisationEntity, UserEntity } from '../../database/entities';
import { demoId } from '../demo/ids';
import { JOIN_REQUEST, MEMBER_ORGANISATIONS, OPEN_INVITATION } from '../demo/organisations';
import { PEOPLE } from '../demo/people';
import type { SeedStep } from './context';
import { invitationAt, invitedAt, joinRequestAt, personAddedAt } from './timeline';

/** Organisations and people: the reference tables, not tenant-scoped. */
export const identityStep: SeedStep = {
  name: 'identity',
  async run({ m, clock, passwordHash }) {
    const organisations = [
      ...MEMBER_ORGANISATIONS.map((org) => ({
        id: demoId('organisation', org.key),
        name: org.name,
        sector: org.sector,
        createdAt: invitedAt(clock, org),
      })),
      {
        id: demoId('organisation', JOIN_REQUEST.key),
        name: JOIN_REQUEST.name,
        sector: JOIN_REQUEST.sector,
        createdAt: joinRequestAt(clock),
      },
      {
        id: demoId('organisation', OPEN_INVITATION.key),
        name: OPEN_INVITATION.organisationName,
        sector: OPEN_INVITATION.sector,
        createdAt: invitationAt(clock),
      },
    ];
    await m.insert(OrganisationEntity, organisations);

    const users = PEOPLE.map((person) => {
      const createdAt = personAddedAt(clock, person);
      return {
        id: demoId('user', person.key),
        email: person.email.toLowerCase(),
        name: person.name,
        passwordHash,
        createdAt,
        updatedAt: createdAt,
      };
    });
    await m.insert(UserEntity, users);

    return [
      {
        entity: 'organisation',
        after: { count: organisations.length, names: organisations.map((o) => o.name) },
      },
      { entity: 'user', after: { count: users.length, emails: users.map((u) => u.email) } },
    ];
  },
};
