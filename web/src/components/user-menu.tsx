import { Avatar, Button, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconKey, IconLayoutGrid, IconLogout } from '@tabler/icons-react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSignOut } from '../features/auth/hooks/use-auth-mutations';
import { useMe } from '../features/auth/hooks/use-me';
import { withNext } from '../features/auth/hooks/use-next-path';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

export function UserMenu() {
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();

  if (me.isPending) return null;
  if (!me.data) {
    return (
      <Button component={Link} to={withNext('/sign-in', location.pathname + location.search)} variant="default" size="sm">
        Sign in
      </Button>
    );
  }
  const { user } = me.data;
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.name}`} style={{ borderRadius: 8 }} p={4}>
          <Group gap={8} wrap="nowrap">
            <Avatar radius="xl" size={32} color="sky" variant="filled" aria-hidden>
              {initials(user.name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" maw={160} truncate component="span">
              {user.name}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs" c="dimmed" truncate>
            Signed in as {user.email}
          </Text>
        </Menu.Label>
        <Menu.Item component={Link} to="/" leftSection={<IconLayoutGrid size={16} aria-hidden />}>
          My collaborations
        </Menu.Item>
        <Menu.Item component={Link} to="/join" leftSection={<IconKey size={16} aria-hidden />}>
          Join with a code
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() =>
            signOut.mutate(undefined, {
              onSettled: () => navigate('/sign-in', { replace: true }),
            })
          }
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
