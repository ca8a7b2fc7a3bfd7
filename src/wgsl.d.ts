// WGSL kernels are imported as source strings: import stepWGSL from '../../shaders/step.wgsl?raw'
declare module '*.wgsl?raw' {
  const source: string;
  export default source;
}
