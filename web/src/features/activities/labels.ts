import type { ActivityStatus } from '@constellation/shared';
import type { MantineColor } from '@mantine/core';

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  planned: 'Planned',
  active: 'Under way',
  paused: 'Paused',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
export const ACTIVITY_STATUS_COLORS: Record<ActivityStatus, MantineColor> = {
  planned: 'sky',
  active: 'green',
  paused: 'orange',
  completed: 'gray',
  cancelled: 'gray',
};
