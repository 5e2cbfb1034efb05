import { parentPort } from 'node:worker_threads';
import { type PrepareRequest, prepareDocument } from './prepare.js';

/** The preparing thread: one request at a time, answered by id; page images move, not copy. */
parentPort!.on('message', async ({ id, request }: { id: number; request: PrepareRequest }) => {
  try {
    const result = await prepareDocument(request);
    const transfer = result.kind === 'images' ? result.images.map((i) => i.buffer as ArrayBuffer) : [];
    parentPort!.postMessage({ id, result }, transfer);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).name });
  }
});
