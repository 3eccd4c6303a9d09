import * as path from 'node:path';

/** The bundled tokenizer worker (esbuild builds it to dist/ with every build, tests included). */
export const TOKENIZER_WORKER = path.join(process.cwd(), 'dist', 'tokenizer-worker.js');
