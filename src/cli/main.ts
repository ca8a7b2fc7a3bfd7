import { runCli } from './program.ts';

// the bundled entry point of `webgpu-train`
process.exitCode = await runCli(process.argv.slice(2));
