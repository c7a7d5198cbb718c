import { Group, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** A quiet sign that live data changed ("Data updated 14:05"), announced politely to screen readers. */
export function LiveSign({ updatedAt }: { updatedAt: Date | null }) {
  return (
    <div aria-live="polite" aria-atomic="true" className="no-print" data-testid="live-sign">
      {updatedAt && (
        <Group gap={4} justify="flex-end" mb={4}>
          <IconRefresh size={14} aria-hidden />
          <Text size="xs" c="dimmed" data-updated-at={updatedAt.toISOString()}>
            Data updated {timeFmt.format(updatedAt)}
          </Text>
        </Group>
      )}
    </div>
  );
}
