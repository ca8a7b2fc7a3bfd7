import { runCli } from './program.ts';
import { EXIT_OK } from './errors.ts';
import { paceDawnPolling, runsOnSwiftShader } from '../node/index.ts';

// on SwiftShader a wait for the GPU polls once a millisecond after its first, rather than spinning
// a core the GPU's work runs on; on a GPU the spin costs a core but no latency, and stays
if (runsOnSwiftShader()) paceDawnPolling();

// the bundled entry point of `webgpu-train`; a command that ran to its end but failed (a diverged
// run, a failed check, a loss mismatch in bench) has set process.exitCode itself, which stays
const code = await runCli(process.argv.slice(2));
if (code !== EXIT_OK) process.exitCode = code;
