import { Readable } from 'node:stream';
import { LineNumberer, sniffLineDelimiter } from './staging';

async function numbered(chunks: string[], first = 2, delimiter = ','): Promise<string> {
  let out = '';
  for await (const c of Readable.from(chunks.map((s) => Buffer.from(s, 'utf8'))).pipe(new LineNumberer(first, delimiter))) out += (c as Buffer).toString('utf8');
  return out;
}

describe('LineNumberer (the CSV data COPY reads, each record prefixed with its line in the file)', () => {
  it('numbers lines, drops empty and blank ones (still counted), strips CR', async () => {
    expect(await numbered(['a,1\r\n\r\n   \r\nb,2\r\n', 'c,3'])).toBe('2,a,1\n5,b,2\n6,c,3\n');
  });

  it('keeps a quoted field spanning lines (and chunks) as one record, numbered where it starts', async () => {
    expect(await numbered(['x,"one\n', 'two ""q""\nthree"\ny,2\n'])).toBe('2,x,"one\ntwo ""q""\nthree"\n5,y,2\n');
  });

  it('splits records across chunk boundaries and keeps UTF-8 intact', async () => {
    expect(await numbered(['é,1\nñ', 'o,2\n'], 10, ';')).toBe('10;é,1\n11;ño,2\n');
  });
});

describe('sniffLineDelimiter', () => {
  it('picks the separator used most outside quotes', () => {
    expect(sniffLineDelimiter('indicator;period;"a,b,c";value')).toBe(';');
    expect(sniffLineDelimiter('indicator,period,value')).toBe(',');
    expect(sniffLineDelimiter('indicator\tperiod\tvalue')).toBe('\t');
    expect(sniffLineDelimiter('indicator')).toBe(',');
  });
});
