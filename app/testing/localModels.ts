// Test kit: the local protocol server (deterministic echo answers) for the page's tests, with a
// provider named `local` pointing at it in the library the API serves.
import type { Api } from '../../src-shared/contract/operations';
import { startModelServer } from '../../electron/testKit/modelServer';
import type { ModelServer, ModelServerOptions } from '../../electron/testKit/modelServer';

export type { ModelServer };

/** Starts the local model server and adds it to the library as the provider `local`. */
export async function startLocalModels(
  api: Api,
  options: ModelServerOptions = {},
): Promise<ModelServer> {
  const server = await startModelServer(options);
  await api.addProvider({ name: 'local', kind: 'openai-compatible', base_url: server.openaiUrl });
  return server;
}
