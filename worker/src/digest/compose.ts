import { type EmailJob, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '@constellation/shared';
import { unsubscribeToken } from '@constellation/shared/node';

export interface DigestItem {
  id: string;
  kind: NotificationKind;
  collaborationId: string;
  collaborationName: string;
  title: string;
  body: string;
  link: string;
}

export interface DigestRecipient {
  userId: string;
  email: string;
  name: string;
}

export interface DigestLinks {
  publicUrl: string;
  unsubscribeSecret: string;
}

const excerpt = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
};

/**
 * One daily-digest email: every item, grouped by collaboration (by name) and, within it, by kind
 * (in the order of NOTIFICATION_KINDS), each with its link; then one one-click unsubscribe link per
 * kind in the digest, and the List-Unsubscribe headers (RFC 8058) that turn the digest off.
 */
export function composeDigest(to: DigestRecipient, localDate: string, items: readonly DigestItem[], links: DigestLinks): EmailJob {
  const base = links.publicUrl;
  const token = (kind: NotificationKind | 'digest') => unsubscribeToken(links.unsubscribeSecret, to.userId, kind);
  const collaborations = new Map<string, { name: string; items: DigestItem[] }>();
  for (const item of items) {
    const c = collaborations.get(item.collaborationId) ?? { name: item.collaborationName, items: [] };
    c.items.push(item);
    collaborations.set(item.collaborationId, c);
  }
  const ordered = [...collaborations.values()].sort((a, b) => a.name.localeCompare(b.name));
  const kinds = NOTIFICATION_KINDS.filter((k) => items.some((i) => i.kind === k));
  const count = items.length;

  const lines: string[] = [`Hello ${to.name},`, '', `Your daily digest for ${localDate}: ${count} notification${count === 1 ? '' : 's'}.`];
  for (const c of ordered) {
    lines.push('', c.name, '='.repeat(Math.min(c.name.length, 70)));
    for (const kind of NOTIFICATION_KINDS) {
      const ofKind = c.items.filter((i) => i.kind === kind);
      if (ofKind.length === 0) continue;
      lines.push('', `${NOTIFICATION_KIND_LABELS[kind]} (${ofKind.length})`);
      for (const i of ofKind) {
        lines.push(`- ${i.title}`);
        if (i.body) lines.push(`  ${excerpt(i.body)}`);
        lines.push(`  ${base}${i.link}`);
      }
    }
  }
  lines.push('', '—', 'You get this digest because these kinds are set to "Daily digest" in your email settings. Stop emails of one kind:');
  for (const kind of kinds) lines.push(`- ${NOTIFICATION_KIND_LABELS[kind]}: ${base}/unsubscribe?token=${token(kind)}`);
  lines.push(`All email settings: ${base}/settings/notifications`);

  return {
    to: to.email,
    subject: `Your Constellation digest: ${count} notification${count === 1 ? '' : 's'}`,
    text: lines.join('\n'),
    kind: 'notification.digest',
    headers: {
      'List-Unsubscribe': `<${base}/api/notifications/unsubscribe?token=${token('digest')}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    notificationIds: items.map((i) => i.id),
  };
}
