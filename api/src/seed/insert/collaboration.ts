import { AgendaVersionEntity, CollaborationEntity } from '../../database/entities';
import {
  AGENDA_VERSIONS,
  CURRENT_AGENDA_VERSION,
  DEMO_COLLABORATION,
  DEMO_COLLABORATION_ID,
} from '../demo/collaboration';
import { demoId } from '../demo/ids';
import { BACKBONE } from '../demo/organisations';
import type { SeedStep } from './context';
import { agendaVersionAt, joinedAt } from './timeline';

/** The collaboration and every version of its common agenda. */
export const collaborationStep: SeedStep = {
  name: 'collaboration',
  async run({ m, clock }) {
    const createdAt = joinedAt(clock, BACKBONE);
    await m.insert(CollaborationEntity, {
      id: DEMO_COLLABORATION_ID,
      name: DEMO_COLLABORATION.name,
      slug: DEMO_COLLABORATION.slug,
      backboneOrganisationId: demoId('organisation', DEMO_COLLABORATION.backbone),
      joinCode: DEMO_COLLABORATION.joinCode,
      status: 'active',
      currentAgendaVersion: CURRENT_AGENDA_VERSION,
      createdBy: demoId('user', DEMO_COLLABORATION.createdBy),
      createdAt,
      updatedAt: agendaVersionAt(clock, CURRENT_AGENDA_VERSION),
      archivedAt: null,
    });

    await m.insert(
      AgendaVersionEntity,
      AGENDA_VERSIONS.map((v) => ({
        collaborationId: DEMO_COLLABORATION_ID,
        version: v.version,
        problemStatement: v.problemStatement,
        vision: v.vision,
        principles: [...v.principles],
        geography: v.geography,
        form: v.form,
        fiscalYearStartMonth: v.fiscalYearStartMonth,
        timeZone: v.timeZone,
        requiresApproval: v.requiresApproval,
        changeNote: v.changeNote,
        authorId: demoId('user', v.author),
        createdAt: agendaVersionAt(clock, v.version),
      })),
    );

    return [
      {
        entity: 'collaboration',
        entityId: DEMO_COLLABORATION_ID,
        after: { name: DEMO_COLLABORATION.name, slug: DEMO_COLLABORATION.slug, backbone: BACKBONE.name },
      },
      {
        entity: 'agenda_version',
        entityId: DEMO_COLLABORATION_ID,
        after: { versions: AGENDA_VERSIONS.map((v) => v.version), current: CURRENT_AGENDA_VERSION },
      },
    ];
  },
};
