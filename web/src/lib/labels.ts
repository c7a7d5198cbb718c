import { COLLABORATION_FORM_LABELS, ROLE_LABELS, type Role } from '@constellation/shared';
import type { SECTORS } from '@constellation/shared';

export type Sector = (typeof SECTORS)[number];

export const SECTOR_LABELS: Record<Sector, string> = {
  education: 'Education',
  health: 'Health',
  housing: 'Housing',
  employment: 'Employment',
  public_sector: 'Public sector',
  library_culture: 'Library and culture',
  business: 'Business',
  funder: 'Funder',
  community: 'Community group',
  faith: 'Faith group',
  other: 'Other',
};

export function sectorLabel(sector: string | null | undefined): string {
  if (!sector) return '';
  return SECTOR_LABELS[sector as Sector] ?? sector;
}

export function roleLabel(role: string | null | undefined): string {
  if (!role) return '';
  return ROLE_LABELS[role as Role] ?? role;
}

export function formLabel(form: string | null | undefined): string {
  if (!form) return '';
  return COLLABORATION_FORM_LABELS[form as keyof typeof COLLABORATION_FORM_LABELS] ?? form;
}
