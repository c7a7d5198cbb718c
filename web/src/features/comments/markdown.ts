import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/**
 * Comment bodies: a small markdown subset parsed by markdown-it (raw HTML off) into a tree of
 * plain data that the React renderer maps onto a fixed set of elements. No HTML string is ever
 * produced or injected: text stays text (React escapes it), links keep only http(s) and mailto
 * addresses, and `[@Name](mention:<id>)` becomes a mention only for people the api confirmed.
 */
export type MdTag = 'p' | 'strong' | 'em' | 's' | 'code' | 'pre' | 'ul' | 'ol' | 'li' | 'blockquote' | 'br';
export type MdNode =
  | { type: 'text'; text: string }
  | { type: 'el'; tag: MdTag; children: MdNode[] }
  | { type: 'link'; href: string; children: MdNode[] }
  | { type: 'mention'; userId: string; name: string };

const TAGS = new Set<string>(['p', 'strong', 'em', 's', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote']);
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;
const MENTION_HREF = /^mention:([0-9a-f-]{36})$/i;

const md = new MarkdownIt('zero', { html: false, linkify: false, breaks: true })
  .enable(['paragraph', 'emphasis', 'strikethrough', 'backticks', 'code', 'fence', 'list', 'blockquote', 'link', 'newline', 'escape', 'entity']);

interface Frame {
  children: MdNode[];
  node: MdNode | null;
}

/** The tree for `body`; `mentions` are the people the api recorded for this comment. */
export function parseComment(body: string, mentions: ReadonlyArray<{ userId: string; name: string }> = []): MdNode[] {
  const known = new Map(mentions.map((m) => [m.userId.toLowerCase(), m.name]));
  const root: Frame = { children: [], node: null };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1]!;
  const push = (n: MdNode) => top().children.push(n);

  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'inline') {
        walk(t.children ?? []);
      } else if (t.type === 'text' || t.type === 'html_inline' || t.type === 'html_block') {
        if (t.content) push({ type: 'text', text: t.content });
      } else if (t.type === 'code_inline') {
        push({ type: 'el', tag: 'code', children: [{ type: 'text', text: t.content }] });
      } else if (t.type === 'fence' || t.type === 'code_block') {
        push({ type: 'el', tag: 'pre', children: [{ type: 'el', tag: 'code', children: [{ type: 'text', text: t.content.replace(/\n$/, '') }] }] });
      } else if (t.type === 'softbreak' || t.type === 'hardbreak') {
        push({ type: 'el', tag: 'br', children: [] });
      } else if (t.type === 'link_open') {
        const href = (t.attrGet('href') ?? '').trim();
        stack.push({ children: [], node: { type: 'link', href, children: [] } });
      } else if (t.type === 'link_close') {
        const frame = stack.length > 1 ? stack.pop()! : null;
        if (!frame || frame.node?.type !== 'link') continue;
        const href = frame.node.href;
        const mention = MENTION_HREF.exec(href);
        const name = mention ? known.get(mention[1]!.toLowerCase()) : undefined;
        if (mention && name !== undefined) push({ type: 'mention', userId: mention[1]!.toLowerCase(), name });
        else if (SAFE_HREF.test(href)) push({ type: 'link', href, children: frame.children });
        else top().children.push(...frame.children);
      } else if (t.nesting === 1) {
        // a tight list's paragraphs are hidden: their content joins the list item directly
        if (t.hidden) continue;
        stack.push({ children: [], node: TAGS.has(t.tag) ? { type: 'el', tag: t.tag as MdTag, children: [] } : null });
      } else if (t.nesting === -1) {
        if (t.hidden || stack.length === 1) continue;
        const frame = stack.pop()!;
        if (frame.node && frame.node.type === 'el') top().children.push({ ...frame.node, children: frame.children });
        else top().children.push(...frame.children);
      } else if (t.content) {
        push({ type: 'text', text: t.content });
      }
    }
  };
  walk(md.parse(body, {}));
  while (stack.length > 1) {
    const frame = stack.pop()!;
    top().children.push(...frame.children);
  }
  return root.children;
}

/** The plain text of a body (for previews and notification excerpts). */
export function commentText(nodes: MdNode[]): string {
  return nodes
    .map((n) => (n.type === 'text' ? n.text : n.type === 'mention' ? `@${n.name}` : n.type === 'el' && n.tag === 'br' ? '\n' : commentText(n.children)))
    .join('');
}

/** The `@…` word being typed at the caret, if any (for mention autocomplete). */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([^\s@[\]()]{0,40})$/.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}
