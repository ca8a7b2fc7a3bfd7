import { runCli } from './program.ts';

// the bundled entry point of `webgpu-train`; a failing code a command set itself is never overwritten with success
const code = await runCli(process.argv.slice(2));
if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
