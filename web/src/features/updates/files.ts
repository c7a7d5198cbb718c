import {
  ATTACHMENT_EXTENSIONS,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  fileExtension,
  MAX_UPDATE_ATTACHMENTS,
} from '@constellation/shared';

/** 77 B, 12.5 KB, 10 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 102.4) / 10} KB`;
  return `${Math.round(n / 104857.6) / 10} MB`;
}

/**
 * What the browser can tell before sending files (the api checks again, the content too): one
 * sentence per problem, naming the file; empty when they can all be attached.
 */
export function attachmentProblems(
  current: { name: string; size: number }[],
  picked: { name: string; size: number }[],
): string[] {
  const problems: string[] = [];
  for (const f of picked) {
    if (!ATTACHMENT_EXTENSIONS.includes(fileExtension(f.name)))
      problems.push(`${f.name}: this type of file is not allowed`);
    else if (f.size > DEFAULT_ATTACHMENT_MAX_BYTES)
      problems.push(`${f.name} is larger than the ${formatBytes(DEFAULT_ATTACHMENT_MAX_BYTES)} limit`);
    else if (f.size === 0) problems.push(`${f.name} is empty`);
  }
  if (current.length + picked.length > MAX_UPDATE_ATTACHMENTS)
    problems.push(`At most ${MAX_UPDATE_ATTACHMENTS} attachments per update`);
  return problems;
}
