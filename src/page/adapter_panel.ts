import { describeAdapter, type AdapterSummary } from '../gpu/index.ts';
import { setText } from './dom.ts';

/**
 * Says which WebGPU adapter the training worker found, and plainly when it is software; without
 * one, says so and that the CPU backend still trains.
 */
export function showAdapter(
  target: HTMLElement,
  found: { adapter: AdapterSummary | null; problem: string | null },
): void {
  if (found.adapter !== null) {
    setText(target, describeAdapter(found.adapter));
    target.dataset['software'] = String(found.adapter.isSoftware);
    return;
  }
  setText(
    target,
    `WebGPU is not available in this browser (${found.problem ?? 'no adapter'}). The CPU backend still trains the model here.`,
  );
  target.dataset['software'] = 'none';
}
