import {
  serverErrorsOf,
  settingsToValues,
  toPercent,
  toRatio,
  validateDashboardSettings,
  valuesToSettings,
} from './settings-form';

describe('dashboard settings form', () => {
  it('shows ratios as percentages and sends them back as the same ratios', () => {
    expect(toPercent(0.07)).toBe(7);
    expect(toPercent(0.925)).toBe(92.5);
    const values = settingsToValues({ showContributionsToFunders: true, statusBands: { onTrack: 0.95, atRisk: 0.8 } });
    expect(values).toEqual({ showContributionsToFunders: true, onTrackPercent: 95, atRiskPercent: 80 });
    expect(valuesToSettings(values)).toEqual({ showContributionsToFunders: true, statusBands: { onTrack: 0.95, atRisk: 0.8 } });
    expect(toRatio('')).toBeNaN();
    expect(toRatio('12.5')).toBe(0.125);
  });

  it('validates with the shared schema and puts each error on its percentage field', () => {
    const ok = { showContributionsToFunders: false, onTrackPercent: 90, atRiskPercent: 0 };
    expect(validateDashboardSettings(ok)).toEqual({});
    expect(validateDashboardSettings({ ...ok, onTrackPercent: 70, atRiskPercent: 80 })).toEqual({
      atRiskPercent: 'Must not be above the on-track band',
    });
    expect(validateDashboardSettings({ ...ok, onTrackPercent: 120 })).toEqual({ onTrackPercent: 'Must be at most 1 (100%)' });
    expect(validateDashboardSettings({ ...ok, onTrackPercent: '', atRiskPercent: -5 })).toEqual({
      onTrackPercent: 'Must be a number',
      atRiskPercent: 'Must be 0 or more',
    });
  });

  it('maps the api’s field paths onto the form', () => {
    expect(
      serverErrorsOf([
        { path: 'statusBands.atRisk', message: 'must not be above the on-track band' },
        { path: 'name', message: 'is required' },
      ]),
    ).toEqual({ atRiskPercent: 'Must not be above the on-track band' });
  });
});
