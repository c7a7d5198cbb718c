import { ATTACHMENT_TYPES, fileExtension } from '@constellation/shared';

/** How many leading bytes `detectAttachmentType` looks at. */
export const SNIFF_BYTES = 4096;

const startsWith = (b: Buffer, sig: number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Markup a browser could run if it ever rendered the file: never accepted as text. */
const MARKUP = /<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|meta|link|style|img|a\s)/i;

function looksLikePlainText(b: Buffer): boolean {
  let text = b.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (b.includes(0)) return false;
  return !MARKUP.test(text);
}

/**
 * The canonical content type of an upload, or null when it is not allowed: the extension must
 * be on the allowlist AND the first bytes must be that kind of file (a PNG signature for .png, a
 * ZIP for .xlsx/.docx/.pptx, text without NULs or HTML/SVG markup for .csv/.txt…). The type the
 * client claims is never used.
 */
export function detectAttachmentType(fileName: string, head: Buffer): string | null {
  const ext = fileExtension(fileName);
  const type = ATTACHMENT_TYPES[ext];
  if (!type) return null;
  let ok: boolean;
  switch (ext) {
    case 'pdf':
      ok = startsWith(head, ascii('%PDF-'));
      break;
    case 'png':
      ok = startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      break;
    case 'jpg':
    case 'jpeg':
      ok = startsWith(head, [0xff, 0xd8, 0xff]);
      break;
    case 'gif':
      ok = startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'));
      break;
    case 'webp':
      ok = startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8);
      break;
    case 'xlsx':
    case 'docx':
    case 'pptx':
      ok = startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
      break;
    case 'csv':
    case 'txt':
      ok = looksLikePlainText(head);
      break;
    default:
      ok = false;
  }
  return ok ? type : null;
}
