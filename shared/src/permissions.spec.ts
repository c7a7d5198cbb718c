import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, permissionsOf, roleHas } from './permissions';

describe('role → permission map', () => {
  it('gives backbone admins every permission', () => {
    expect(permissionsOf('backbone_admin').sort()).toEqual([...PERMISSIONS].sort());
  });

  it.each(ROLES)('%s can read the collaboration', (role) => {
    expect(roleHas(role, 'collaboration.read')).toBe(true);
  });

  it.each([
    ['backbone_staff', 'members.manage', false],
    ['backbone_staff', 'goals.manage', true],
    ['backbone_staff', 'audit.read', false],
    ['partner_admin', 'members.manage_own_org', true],
    ['partner_admin', 'partners.manage', false],
    ['partner_admin', 'agenda.endorse', true],
    ['partner_contributor', 'agenda.endorse', false],
    ['partner_contributor', 'members.manage_own_org', false],
    ['funder', 'members.read', false],
    ['funder', 'agenda.edit', false],
    ['backbone_staff', 'sharing.manage', true],
    ['partner_admin', 'sharing.manage', false],
    ['partner_contributor', 'sharing.manage', false],
    ['funder', 'sharing.manage', false],
    ['backbone_staff', 'updates.manage', true],
    ['partner_admin', 'updates.post', true],
    ['partner_contributor', 'updates.post', true],
    ['partner_admin', 'updates.manage', false],
    ['funder', 'updates.post', false],
  ] as const)('%s has %s: %s', (role, permission, expected) => {
    expect(roleHas(role, permission)).toBe(expected);
  });

  it('only names known permissions', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });

  it('gives funders read-only permissions', () => {
    for (const p of permissionsOf('funder')) expect(p).toMatch(/\.read$/);
  });
});
