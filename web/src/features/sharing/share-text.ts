/** The HTML a site pastes to embed a public dashboard (the title is escaped for the attribute). */
export function embedSnippet(url: string, title: string): string {
  const attr = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<iframe src="${attr(url)}" title="${attr(title)}" width="100%" height="900" style="border:0" loading="lazy"></iframe>`;
}

/** The way from the baseline to the long-term target, in words (also when the total moved the wrong way). */
export function wayToGo(
  percent: number | null,
  baseline: string,
  baselinePeriod: string,
  target: string,
  targetPeriod: string,
): string {
  const goal = `the long-term target of ${target} by ${targetPeriod}`;
  if (percent === null)
    return `Long-term target: ${target} by ${targetPeriod} (from a baseline of ${baseline} in ${baselinePeriod}).`;
  if (percent >= 100) return `The latest total has reached ${goal}.`;
  if (percent < 0)
    return `The latest total is further from ${goal} than the baseline (${baseline} in ${baselinePeriod}) was.`;
  return `${Math.round(percent * 10) / 10}% of the way from the baseline (${baseline}) to ${goal}.`;
}
