export { buildProgram, runCli } from './program.ts';
