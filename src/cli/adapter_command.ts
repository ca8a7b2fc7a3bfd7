import { Command } from 'commander';
import { acquireGpu, describeAdapter } from '../gpu/index.ts';
import { chooseVulkanDriver, installNodeWebGpu } from '../node/index.ts';

/** The limits that decide how the engine plans a run. */
const LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
] as const;

async function runAdapter(flags: { json?: boolean }): Promise<void> {
  const driver = chooseVulkanDriver();
  await installNodeWebGpu();
  const context = await acquireGpu();
  const limits = Object.fromEntries(LIMITS.map((name) => [name, context.device.limits[name]]));
  const report = {
    adapter: context.adapter,
    description: describeAdapter(context.adapter),
    vulkanDriver: driver,
    VK_ICD_FILENAMES: process.env['VK_ICD_FILENAMES'] ?? null,
    VK_DRIVER_FILES: process.env['VK_DRIVER_FILES'] ?? null,
    timestamps: context.timestamps,
    features: [...context.device.features].sort(),
    limits,
  };
  if (flags.json === true) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return;
  }
  const rows: [string, string][] = [
    ['adapter', report.description],
    ['driver', driver],
    ['features', report.features.join(', ') || 'none'],
    ...LIMITS.map((name): [string, string] => [name, String(limits[name])]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
}

export function adapterCommand(): Command {
  return new Command('adapter')
    .description(
      'name the WebGPU adapter this machine offers (and say when it is software), with its features and limits',
    )
    .option('--json', 'print one JSON object: {adapter, description, features, limits, …}')
    .action((flags: { json?: boolean }) => runAdapter(flags));
}
