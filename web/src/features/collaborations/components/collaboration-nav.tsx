import type { Permission } from '@constellation/shared';
import { Divider, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import {
  IconArrowLeft,
  IconCalendarDue,
  IconChartDots,
  IconChecklist,
  IconClipboardCheck,
  IconTable,
  IconFileImport,
  IconGavel,
  IconGridDots,
  IconHome,
  IconFileText,
  IconHistory,
  IconLayoutDashboard,
  IconSettings,
  IconSpeakerphone,
  IconTarget,
  IconUsersGroup,
  IconWorldShare,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { Link, useLocation } from 'react-router';
import { roleLabel } from '../../../lib/labels';

interface NavItem {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  permission?: Permission;
  /** Only for members of a partner organisation (the backbone does not enter values for partners). */
  partnerOnly?: boolean;
}

const ITEMS: NavItem[] = [
  { label: 'My partner home', to: 'home', icon: IconHome, permission: 'values.read', partnerOnly: true },
  { label: 'Overview', to: '', icon: IconLayoutDashboard },
  { label: 'Updates', to: 'updates', icon: IconSpeakerphone },
  { label: 'Agenda', to: 'agenda', icon: IconFileText },
  { label: 'Goals', to: 'goals', icon: IconTarget },
  { label: 'Indicators', to: 'indicators', icon: IconChartDots },
  { label: 'Report data', to: 'report', icon: IconTable, permission: 'values.write', partnerOnly: true },
  { label: 'Import values', to: 'import', icon: IconFileImport, permission: 'values.write', partnerOnly: true },
  { label: 'Review', to: 'review', icon: IconClipboardCheck, permission: 'values.review' },
  { label: 'Completeness', to: 'completeness', icon: IconGridDots },
  { label: 'Reporting calendar', to: 'reporting-calendar', icon: IconCalendarDue },
  { label: 'Activities', to: 'activities', icon: IconChecklist },
  { label: 'Decisions', to: 'decisions', icon: IconGavel },
  { label: 'Partners', to: 'partners', icon: IconUsersGroup, permission: 'partners.read' },
  { label: 'Audit log', to: 'audit', icon: IconHistory, permission: 'audit.read' },
  { label: 'Public sharing', to: 'sharing', icon: IconWorldShare, permission: 'sharing.manage' },
  { label: 'Settings', to: 'settings', icon: IconSettings, permission: 'collaboration.manage' },
];

interface CollaborationNavProps {
  collaborationId: string;
  name: string;
  role: string;
  isPartner: boolean;
  can: (p: Permission) => boolean;
  onNavigate: () => void;
}

export function CollaborationNav({ collaborationId, name, role, isPartner, can, onNavigate }: CollaborationNavProps) {
  const location = useLocation();
  const base = `/collaborations/${collaborationId}`;
  return (
    <Stack gap="xs" h="100%">
      <Stack gap={2} px="xs" pt="xs">
        <Text fw={650} size="sm" lineClamp={2}>
          {name}
        </Text>
        <Text size="xs" c="dimmed">
          Your role: {roleLabel(role)}
        </Text>
      </Stack>
      <Divider my={4} />
      <ScrollArea style={{ flex: 1 }}>
        <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {ITEMS.filter((i) => (!i.permission || can(i.permission)) && (!i.partnerOnly || isPartner)).map((item) => {
            const to = item.to ? `${base}/${item.to}` : base;
            const active = item.to ? location.pathname.startsWith(to) : location.pathname === base || location.pathname === `${base}/`;
            const Icon = item.icon;
            return (
              <li key={item.label}>
                <NavLink
                  component={Link}
                  to={to}
                  label={item.label}
                  leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  onClick={onNavigate}
                  variant="light"
                  styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
                />
              </li>
            );
          })}
        </Stack>
      </ScrollArea>
      <Divider my={4} />
      <NavLink
        component={Link}
        to="/"
        label="All my collaborations"
        leftSection={<IconArrowLeft size={18} stroke={1.6} aria-hidden />}
        onClick={onNavigate}
        styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
      />
    </Stack>
  );
}
