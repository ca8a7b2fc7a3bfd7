/**
 * numpy's linspace(start, stop, num, endpoint), with its rounding: i * step + start,
 * and the last value set to `stop` exactly when the endpoint is included.
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const divisions = endpoint ? num - 1 : num;
  if (divisions === 0) {
    // numpy multiplies by the span instead of a step it cannot define: the result is [start]
    out.fill(start);
    return out;
  }
  const span = stop - start;
  const step = span / divisions;
  for (let i = 0; i < num; i++) {
    // numpy divides first when the step underflows to zero (a denormal span)
    out[i] = step === 0 ? (i / divisions) * span + start : i * step + start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}
