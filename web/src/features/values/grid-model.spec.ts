import { breakdownCells, fieldsOf, parsePastedBlock, storedText } from './grid-model';

const dim = (key: string, cats: string[]) => ({
  id: key,
  key,
  name: key,
  categories: cats.map((c, i) => ({ id: `${key}-${c}`, key: c, name: c.toUpperCase(), position: i })),
});

describe('breakdownCells', () => {
  it('lists every combination of categories in the dimension order, keyed as the api canonicalises cells', () => {
    const cells = breakdownCells({ valueType: 'count', dimensions: [dim('age', ['0-4', '5-7']), dim('area', ['north', 'south'])] });
    expect(cells.map((c) => c.cellKey)).toEqual(['age=0-4;area=north', 'age=0-4;area=south', 'age=5-7;area=north', 'age=5-7;area=south']);
    expect(cells[1]).toEqual({ cellKey: 'age=0-4;area=south', cell: { age: '0-4', area: 'south' }, label: '0-4 · SOUTH' });
  });
  it('has no cells for an indicator without dimensions', () => {
    expect(breakdownCells({ valueType: 'count', dimensions: [] })).toEqual([]);
  });
});

describe('fieldsOf', () => {
  const count = { valueType: 'count' as const, dimensions: [] };
  const pct = { valueType: 'percentage' as const, dimensions: [] };
  it('validates counts with the shared rules', () => {
    expect(fieldsOf('150', count)).toEqual({ fields: { value: '150' }, error: null });
    expect(fieldsOf('1,234.5', count).error).toBe('value must be a whole number for a count');
    expect(fieldsOf('-3', count).error).toBe('value must not be negative for a count');
    expect(fieldsOf('12%', count).error).toMatch(/^value /);
    expect(fieldsOf('NaN', count).error).toMatch(/^value /);
    expect(fieldsOf('1e309', count).error).toMatch(/^value /);
    expect(fieldsOf('', count).error).toMatch(/^value /);
  });
  it('reads percentages as numerator/denominator', () => {
    expect(fieldsOf('45 / 60', pct)).toEqual({ fields: { numerator: '45', denominator: '60' }, error: null });
    expect(fieldsOf('61/60', pct).error).toBe('numerator must not be greater than the denominator for a percentage');
    expect(fieldsOf('5/0', pct).error).toBe('denominator must be greater than 0');
    expect(fieldsOf('75', pct).error).toBe('Enter numerator/denominator, for example 45/60');
  });
});

describe('storedText', () => {
  it('shows a stored value the way it is typed', () => {
    expect(storedText({ value: '150', numerator: null, denominator: null }, { valueType: 'count', dimensions: [] })).toBe('150');
    expect(storedText({ value: '75', numerator: '45', denominator: '60' }, { valueType: 'percentage', dimensions: [] })).toBe('45/60');
    expect(storedText(undefined, { valueType: 'count', dimensions: [] })).toBe('');
  });
});

describe('parsePastedBlock', () => {
  it('splits a spreadsheet block into rows and cells', () => {
    expect(parsePastedBlock('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parsePastedBlock('150')).toEqual([['150']]);
  });
});
