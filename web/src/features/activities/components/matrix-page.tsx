import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { useCollaborationContext } from '../../collaborations/hooks/use-collaboration-context';
import { MatrixTable } from './matrix-table';

/** The partners × strategies matrix on a page of its own (also a tab of Activities). */
export function MatrixPage() {
  const { collaborationId } = useCollaborationContext();
  return (
    <>
      <Group mb="xs">
        <Anchor component={Link} to={`/collaborations/${collaborationId}/activities`} size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            All activities
          </Group>
        </Anchor>
      </Group>
      <PageHeader
        title="Who does what"
        description="Mutually reinforcing activities: each partner's activities against the strategies of the plan, with the gaps and the overlaps."
      />
      <MatrixTable collaborationId={collaborationId} />
    </>
  );
}
