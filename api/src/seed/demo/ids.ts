import { createHash } from 'node:crypto';

/** Fixed namespace for the demo data's name-based UUIDs. Never change it: ids would move. */
export const DEMO_NAMESPACE = '6f1c2a4e-8b3d-5e7f-9a1b-2c3d4e5f6a7b';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/**
 * A deterministic id for a demo row: an RFC 4122 version-5 UUID of `kind:key` in DEMO_NAMESPACE.
 * The same kind and key give the same id on every machine, so later seed steps (and tests)
 * can refer to a demo row by its key, e.g. `demoId('partner', 'northgate-primary')`.
 */
export function demoId(kind: string, key: string): string {
  const digest = createHash('sha1')
    .update(uuidBytes(DEMO_NAMESPACE))
    .update(`${kind}:${key}`, 'utf8')
    .digest();
  const b = digest.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
