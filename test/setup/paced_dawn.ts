// The test processes pace Dawn's polling as the command line does (src/node/dawn_polling.ts): a
// wait that spins on both cores' share would take one of them from SwiftShader's work. The tests
// time nothing, and the engine computes the same bits whenever a poll finds its work done.
import { paceDawnPolling } from '../../src/node/dawn_polling.ts';

paceDawnPolling();
