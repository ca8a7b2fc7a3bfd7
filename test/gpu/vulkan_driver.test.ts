import { describe, expect, it } from 'vitest';
import { runsOnSwiftShader } from '../../src/node/index.ts';

// The command line paces Dawn's polling only where Dawn runs on SwiftShader: a driver asked for by
// name decides, whatever device nodes the machine has.
describe('runsOnSwiftShader', () => {
  it('follows the Vulkan driver asked for by name', () => {
    expect(
      runsOnSwiftShader({ VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json' }),
    ).toBe(true);
    expect(runsOnSwiftShader({ VK_DRIVER_FILES: '/opt/SwiftShader/vk_swiftshader_icd.json' })).toBe(
      true,
    );
    expect(runsOnSwiftShader({ VK_ICD_FILENAMES: '/usr/share/vulkan/icd.d/nvidia_icd.json' })).toBe(
      false,
    );
  });
});
