// Worker thread entry: prepares import shares sent by ImportPool, one at a time.
import { parentPort } from 'node:worker_threads';
import { packShare, prepareShare, type PreparationTask } from './importPreparation';

/**
 * A share to prepare, numbered so the reply finds its caller; or (`giveBack`) the buffer of
 * an earlier reply moved back to be freed here (see ImportPool).
 */
export type WorkerRequest =
  { id: number; task: PreparationTask } | { id: -1; giveBack: ArrayBuffer };

const port = parentPort;
if (port !== null) {
  port.on('message', (request: WorkerRequest) => {
    if (!('task' in request)) return;
    void prepareShare(request.task).then((prepared) => {
      // The prompts travel as one moved buffer: the importing thread need not copy them in.
      const result = packShare(prepared);
      const moved = result.ok && result.packed ? [result.packed.bytes.buffer as ArrayBuffer] : [];
      port.postMessage({ id: request.id, result }, moved);
    });
  });
  // Tells the pool the module graph loaded: a failure before this is a missing entry, not a crash.
  port.postMessage({ ready: true });
}
