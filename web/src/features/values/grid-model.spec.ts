import { breakdownCells, cellLabel, fieldsOf, gridRows, keyOf, parsePastedBlock, partsOf, storedText } from './grid-model';

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

describe('gridRows', () => {
  const aged = { valueType: 'count' as const, dimensions: [dim('age', ['0-4', '5-7'])] };
  const club = { id: 'a1', name: 'Homework club' };
  const labels = (o: Parameters<typeof gridRows>[1]) => gridRows(aged, o).map((r) => `${r.label}|${r.cellKey}|${r.activity?.id ?? ''}`);

  it('is the total alone, then its breakdown cells when open', () => {
    expect(labels({ breakdown: false, activities: null })).toEqual(['Total|total|']);
    expect(labels({ breakdown: true, activities: null })).toEqual(['Total|total|', '0-4|age=0-4|', '5-7|age=5-7|']);
  });

  it("adds each activity's total, and its cells while the breakdown is open", () => {
    expect(labels({ breakdown: false, activities: [club] })).toEqual(['Total|total|', 'Homework club|total|a1']);
    expect(labels({ breakdown: true, activities: [club] })).toEqual([
      'Total|total|',
      '0-4|age=0-4|',
      '5-7|age=5-7|',
      'Homework club|total|a1',
      'Homework club · 0-4|age=0-4|a1',
      'Homework club · 5-7|age=5-7|a1',
    ]);
    expect(gridRows(aged, { breakdown: true, activities: [club] })[4]).toMatchObject({ cell: { age: '0-4' }, breakdown: true });
  });
});

describe('cellLabel', () => {
  it('reads a stored cell as its category keys', () => {
    expect(cellLabel('total')).toBe('Total');
    expect(cellLabel('age=0-4;area=north')).toBe('0-4 · north');
  });
});

describe('keyOf and partsOf', () => {
  it('round-trip a cell, with or without an activity', () => {
    expect(partsOf(keyOf('i', '2026-Q1', 'age=0-4'))).toEqual({ indicatorId: 'i', period: '2026-Q1', cellKey: 'age=0-4', activityId: null });
    expect(partsOf(keyOf('i', '2026-Q1', 'total', 'a1'))).toEqual({ indicatorId: 'i', period: '2026-Q1', cellKey: 'total', activityId: 'a1' });
    expect(keyOf('i', '2026-Q1', 'total', null)).toBe(keyOf('i', '2026-Q1', 'total'));
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
