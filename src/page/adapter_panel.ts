import { acquireGpu, describeAdapter, type AdapterSummary } from '../gpu/index.ts';
import { setText } from './dom.ts';

/**
 * Finds WebGPU and says what it is. Without it, says so and leaves the CPU backend as the one
 * that works; returns the adapter, or null.
 */
export async function showAdapter(
  target: HTMLElement,
  backend: HTMLSelectElement,
): Promise<AdapterSummary | null> {
  const webgpuOption = backend.querySelector<HTMLOptionElement>('option[value="webgpu"]');
  try {
    const context = await acquireGpu();
    setText(target, describeAdapter(context.adapter));
    target.dataset['software'] = String(context.adapter.isSoftware);
    if (webgpuOption) webgpuOption.disabled = false;
    return context.adapter;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    setText(
      target,
      `WebGPU is not available in this browser (${why}). The CPU backend still trains the model here.`,
    );
    target.dataset['software'] = 'none';
    if (webgpuOption) webgpuOption.disabled = true;
    backend.value = 'cpu';
    return null;
  }
}
