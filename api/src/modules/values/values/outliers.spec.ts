import { outlierReason } from './outliers';

describe('outlierReason', () => {
  it.each([
    [500, [10, 10, 10], 'more than 3 times'],
    [2, [10, 12, 11], 'less than a third'],
    [30, [10, 10, 10], null],
    [4, [10, 10, 10], null],
    [500, [10, 10], null], // too little history
    [500, [0, 0, 0], null], // zero histories never flag
  ])('%d against %j', (value, history, expected) => {
    const reason = outlierReason(value, history);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toContain(expected);
  });
});
