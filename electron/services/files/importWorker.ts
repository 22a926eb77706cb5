// Worker thread entry: prepares import shares sent by ImportPool, one at a time.
import { parentPort } from 'node:worker_threads';
import { prepareShare, type PreparationTask } from './importPreparation';

/** A share to prepare, numbered so the reply finds its caller. */
export interface WorkerRequest {
  id: number;
  task: PreparationTask;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (request: WorkerRequest) => {
    void prepareShare(request.task).then((result) => port.postMessage({ id: request.id, result }));
  });
  // Tells the pool the module graph loaded: a failure before this is a missing entry, not a crash.
  port.postMessage({ ready: true });
}
