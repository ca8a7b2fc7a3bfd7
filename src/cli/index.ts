export { buildProgram, runCli } from './program.ts';
export { writeFileAtomically } from './write_file.ts';
