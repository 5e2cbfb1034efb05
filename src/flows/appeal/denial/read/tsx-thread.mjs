// The preparing thread's entry when run from TypeScript sources (tests, tsx): a worker
// thread does not inherit the parent's loader, so tsx compiles prepare-worker.ts here.
import { tsImport } from 'tsx/esm/api';

await tsImport('./prepare-worker.ts', import.meta.url);
