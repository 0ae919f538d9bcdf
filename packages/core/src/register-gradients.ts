// tfjs-core's Node build (tf-core.node.js) registers no gradients. Its
// `dist/register_all_gradients` exists only as ESM with extensionless and directory imports,
// which Node refuses (ERR_UNSUPPORTED_DIR_IMPORT), so the @tensorflow/tfjs Node bundle, which
// registers them against the same tfjs-core, is the one build that works here. Imported once,
// by whatever needs gradients.
import '@tensorflow/tfjs';
