import { Anchor, Badge, Blockquote, Code, List, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { type MdNode, parseComment } from '../markdown';

/** Maps the parsed tree onto a fixed set of elements; text is always a React text node. */
function render(nodes: MdNode[]): ReactNode[] {
  return nodes.map((n, i) => {
    if (n.type === 'text') return <Fragment key={i}>{n.text}</Fragment>;
    if (n.type === 'mention') {
      return (
        <Badge key={i} component="span" variant="light" color="sky" tt="none" radius="sm" size="sm" fw={600} style={{ verticalAlign: 'baseline' }}>
          @{n.name}
        </Badge>
      );
    }
    if (n.type === 'link') {
      return (
        <Anchor key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow ugc">
          {render(n.children)}
        </Anchor>
      );
    }
    const children = render(n.children);
    switch (n.tag) {
      case 'p':
        return (
          <Text key={i} size="sm" mb={4} style={{ overflowWrap: 'anywhere' }}>
            {children}
          </Text>
        );
      case 'strong':
        return <strong key={i}>{children}</strong>;
      case 'em':
        return <em key={i}>{children}</em>;
      case 's':
        return <s key={i}>{children}</s>;
      case 'code':
        return <Code key={i}>{children}</Code>;
      case 'pre':
        return (
          <Code key={i} block mb={4}>
            {n.children.flatMap((c) => (c.type === 'el' ? c.children : [c])).map((c) => (c.type === 'text' ? c.text : '')).join('')}
          </Code>
        );
      case 'ul':
      case 'ol':
        return (
          <List key={i} type={n.tag === 'ol' ? 'ordered' : 'unordered'} size="sm" mb={4} withPadding>
            {children}
          </List>
        );
      case 'li':
        return <List.Item key={i}>{children}</List.Item>;
      case 'blockquote':
        return (
          <Blockquote key={i} p="xs" mb={4}>
            {children}
          </Blockquote>
        );
      case 'br':
        return <br key={i} />;
      default:
        return <Fragment key={i}>{children}</Fragment>;
    }
  });
}

export function CommentBody({ body, mentions }: { body: string; mentions: { userId: string; name: string }[] }) {
  return <div className="comment-body">{render(parseComment(body, mentions))}</div>;
}
