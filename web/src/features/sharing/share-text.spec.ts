import { embedSnippet, wayToGo } from './share-text';

describe('embedSnippet', () => {
  it('is an iframe of the link with the title escaped, so a title cannot break out of the attribute', () => {
    expect(embedSnippet('https://c.example/share/abc', 'Our "results" <2026> & more')).toBe(
      '<iframe src="https://c.example/share/abc" title="Our &quot;results&quot; &lt;2026&gt; &amp; more" width="100%" height="900" style="border:0" loading="lazy"></iframe>',
    );
  });
});

describe('wayToGo', () => {
  const say = (p: number | null) => wayToGo(p, '100 children', 'FY 2023/24', '300 children', 'FY 2029/30');
  it('says how far along the way from the baseline to the long-term target the latest total is', () => {
    expect(say(37.26)).toBe(
      '37.3% of the way from the baseline (100 children) to the long-term target of 300 children by FY 2029/30.',
    );
    expect(say(0)).toMatch(/^0% of the way/);
  });
  it('says so plainly when the target is reached, when the total moved the wrong way, and when there is no total', () => {
    expect(say(100)).toBe('The latest total has reached the long-term target of 300 children by FY 2029/30.');
    expect(say(-12)).toBe(
      'The latest total is further from the long-term target of 300 children by FY 2029/30 than the baseline (100 children in FY 2023/24) was.',
    );
    expect(say(null)).toBe(
      'Long-term target: 300 children by FY 2029/30 (from a baseline of 100 children in FY 2023/24).',
    );
  });
});
