import { attachmentProblems, formatBytes } from './files';

describe('formatBytes', () => {
  it.each([
    [77, '77 B'],
    [1024, '1 KB'],
    [12_800, '12.5 KB'],
    [10 * 1024 * 1024, '10 MB'],
    [1_572_864, '1.5 MB'],
  ])('%d → %s', (n, s) => expect(formatBytes(n)).toBe(s));
});

describe('attachmentProblems', () => {
  it('accepts allowed types within the limits', () => {
    expect(
      attachmentProblems(
        [],
        [
          { name: 'Report.PDF', size: 10 },
          { name: 'a.xlsx', size: 10 },
        ],
      ),
    ).toEqual([]);
  });

  it('names each refused file: disallowed type, too large, empty; and too many files', () => {
    const six = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.pdf`, size: 1 }));
    expect(
      attachmentProblems(six, [
        { name: 'setup.exe', size: 10 },
        { name: 'logo.svg', size: 10 },
        { name: 'huge.png', size: 11 * 1024 * 1024 },
        { name: 'empty.txt', size: 0 },
      ]),
    ).toEqual([
      'setup.exe: this type of file is not allowed',
      'logo.svg: this type of file is not allowed',
      'huge.png is larger than the 10 MB limit',
      'empty.txt is empty',
      'At most 5 attachments per update',
    ]);
  });
});
