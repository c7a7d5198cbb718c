import { commentText, type MdNode, mentionQueryAt, parseComment } from './markdown';

const USER = '0b7f8a2e-2c43-4a8e-9d43-1c1c3c1c3c1c';

/** Every href anywhere in the tree. */
function hrefs(nodes: MdNode[]): string[] {
  return nodes.flatMap((n) => (n.type === 'link' ? [n.href, ...hrefs(n.children)] : n.type === 'el' ? hrefs(n.children) : []));
}
/** Every element tag anywhere in the tree. */
function tags(nodes: MdNode[]): string[] {
  return nodes.flatMap((n) => (n.type === 'el' ? [n.tag, ...tags(n.children)] : n.type === 'link' ? ['a', ...tags(n.children)] : []));
}

describe('parseComment', () => {
  it('keeps the subset: emphasis, code, lists, quotes, links, line breaks', () => {
    const tree = parseComment('**bold** _it_ ~~gone~~ `x<1`\nnext\n\n- one\n- two\n\n> quoted\n\n[site](https://example.org/a?b=1)');
    expect(tags(tree)).toEqual(expect.arrayContaining(['p', 'strong', 'em', 's', 'code', 'br', 'ul', 'li', 'blockquote', 'a']));
    expect(hrefs(tree)).toEqual(['https://example.org/a?b=1']);
    expect(commentText(tree)).toContain('x<1');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
  ])('raw HTML stays literal text: %s', (payload) => {
    const tree = parseComment(payload);
    expect(tags(tree).filter((t) => t !== 'p')).toEqual([]);
    expect(hrefs(tree)).toEqual([]);
    expect(commentText(tree)).toBe(payload);
  });

  it.each([
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](  javascript:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox(1))',
    '[click](//evil.example/x)',
    '[click](mention:not-a-user)',
    '<javascript:alert(1)>',
  ])('no dangerous or unknown link survives: %s', (payload) => {
    const tree = parseComment(payload);
    expect(hrefs(tree)).toEqual([]);
    expect(tags(tree)).not.toContain('img');
  });

  it('images are never loaded: an image is at most a plain https link', () => {
    const tree = parseComment('![x](https://example.org/x.png) ![y](javascript:alert(1))');
    expect(tags(tree)).not.toContain('img');
    expect(hrefs(tree)).toEqual(['https://example.org/x.png']);
  });

  it('a mention becomes a mention only when the api confirmed the person; otherwise it is plain text', () => {
    const body = `hi [@Pat](mention:${USER}) and [@Ghost](mention:${USER.replace('0b', '1b')})`;
    const confirmed = parseComment(body, [{ userId: USER, name: 'Pat Partner' }]);
    const p = confirmed[0] as Extract<MdNode, { type: 'el' }>;
    expect(p.children).toContainEqual({ type: 'mention', userId: USER, name: 'Pat Partner' });
    expect(commentText(confirmed)).toBe('hi @Pat Partner and @Ghost');
    expect(hrefs(parseComment(body))).toEqual([]);
  });

  it('text is never interpreted: entities decode to characters, not markup', () => {
    const tree = parseComment('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(commentText(tree)).toBe('<script>alert(1)</script>');
    expect(tags(tree)).toEqual(['p']);
  });
});

describe('mentionQueryAt', () => {
  it('finds the @word at the caret, not inside emails', () => {
    expect(mentionQueryAt('hello @pa', 9)).toEqual({ start: 6, query: 'pa' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail me at a@b', 14)).toBeNull();
    expect(mentionQueryAt('hello @pat and more', 19)).toBeNull();
  });
});
