import { parentPort } from 'node:worker_threads';
import { type PrepareRequest, prepareDocument } from './prepare.js';

/** The preparing thread: one request at a time, answered by id; page images move, not copy. */
const port = parentPort;
if (port) {
  port.on('message', async ({ id, request }: { id: number; request: PrepareRequest }) => {
    try {
      const result = await prepareDocument(request);
      const transfer = result.kind === 'images' ? result.images.map((i) => i.buffer) : [];
      port.postMessage(
        { id, result },
        transfer.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer),
      );
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.name : 'Error' });
    }
  });
}
