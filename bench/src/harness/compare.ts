/** The first place where two JSON values differ ("team.members[3].attainment.achieved: 1.00 ≠ 2.00"), or null when identical. */
export function firstDifference(ours: unknown, baseline: unknown, at = ''): string | null {
  if (Array.isArray(ours) && Array.isArray(baseline)) {
    if (ours.length !== baseline.length) return `${at}: ${ours.length} items ≠ ${baseline.length} items`;
    for (let i = 0; i < ours.length; i += 1) {
      const difference = firstDifference(ours[i], baseline[i], `${at}[${i}]`);
      if (difference) return difference;
    }
    return null;
  }
  if (ours && baseline && typeof ours === 'object' && typeof baseline === 'object') {
    const keys = new Set([...Object.keys(ours), ...Object.keys(baseline)]);
    for (const key of [...keys].sort()) {
      const difference = firstDifference(
        (ours as Record<string, unknown>)[key],
        (baseline as Record<string, unknown>)[key],
        at ? `${at}.${key}` : key,
      );
      if (difference) return difference;
    }
    return null;
  }
  return ours === baseline ? null : `${at}: ${JSON.stringify(ours)} ≠ ${JSON.stringify(baseline)}`;
}
