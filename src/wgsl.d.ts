// WGSL kernels are imported as source strings: import fusedTrainWgsl from '../../shaders/fused_train.wgsl?raw'
declare module '*.wgsl?raw' {
  const source: string;
  export default source;
}
