// The worker entry when the pool runs from TypeScript sources (tests, bench, tsx scripts):
// a worker thread does not inherit the parent's loader, so tsx compiles worker.ts here.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./worker.ts', import.meta.url);
export default worker.default;
