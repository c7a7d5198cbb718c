import { mentionToken } from '@constellation/shared';
import { excerpt } from './comments.service';

describe('excerpt (the body of a comment notification)', () => {
  it('shows mentions as @Name, not as their link token', () => {
    const body = `${mentionToken('Jon Bell', '0f8fad5b-d9cb-469f-a165-70867728950e')} can you check the Q1 figure?`;
    expect(excerpt(body)).toBe('@Jon Bell can you check the Q1 figure?');
  });

  it('cuts long bodies at 200 characters with an ellipsis', () => {
    const cut = excerpt('x'.repeat(500));
    expect(cut).toHaveLength(200);
    expect(cut.endsWith('…')).toBe(true);
    expect(excerpt('short')).toBe('short');
  });
});
