/** The PyTorch script of a training run (`webgpu-train export --pytorch`). */
export {
  planPytorchRun,
  type LayerParams,
  type PytorchRunPlan,
  type SplitPlan,
} from './run_plan.ts';
export { csvLayoutOf, pytorchScript, type CsvLayout, type ScriptSource } from './pytorch_script.ts';
