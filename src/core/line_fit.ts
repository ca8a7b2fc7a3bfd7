/**
 * The least-squares line through points (x, y), unconstrained: y ≈ intercept + slope · x, from
 * the points' means and spreads. Null where the x's do not spread (no slope to find). Callers
 * constrain it as their quantities require (a cost at least zero, say).
 */
export function fitLine(
  points: readonly { readonly x: number; readonly y: number }[],
): { slope: number; intercept: number; meanX: number; meanY: number } | null {
  const n = points.length;
  if (n === 0) return null;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  if (sxx === 0) return null;
  const sxy = points.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0);
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX, meanX, meanY };
}
