// The contract's handlers: one line per operation, each a call into a service.
import { fixedLibraryHandlers } from './library/fixedLibrary';
import type { AppInfo } from '../../src-shared/contract/dto';
import type { Handlers } from './dispatch';
import type { Services } from './index';
import { parsePrompt } from '../../src-shared/model/validatePrompt';
import { folderHandlers } from './files/folderHandlers';
import { schemaImpact } from './schemas/schemaImpact';
import { createRunHandlers } from './runHandlers';

/** Facts about the process serving the contract. */
export interface HandlerEnvironment {
  dbPath: string;
  transport: AppInfo['transport'];
  appVersion?: string;
}

/** Builds every contract handler over one set of services. */
export function createHandlers(services: Services, env: HandlerEnvironment): Handlers {
  const { prompts, schemas, partials, metrics, audit, models, render, files, secrets } = services;
  const { tests, evaluation, labels, apiKeys, vault } = services;
  return {
    appInfo: () => ({
      version: env.appVersion ?? '0.1.0',
      dbPath: env.dbPath,
      transport: env.transport,
      engine: 'sqlite',
      user: services.actor,
      role: 'admin',
      readOnly: services.db.readonly,
    }),

    ...fixedLibraryHandlers(env.dbPath, 'sqlite'),

    listPrompts: (query) => prompts.list(query),
    getPrompt: ({ id, ...ref }) => prompts.get(id, render.versionOf(id, ref)),
    getHistory: ({ id }) => prompts.history(id),
    savePrompt: async ({ allowSecrets, ...request }) => {
      if (allowSecrets) return prompts.save(request);
      const document = parsePrompt(request.document, 'the document');
      await secrets.checkPrompt(document, allowSecrets);
      return prompts.saveParsed({ ...request, document });
    },
    deletePrompt: ({ id }) => {
      prompts.delete(id);
      return { deleted: true };
    },
    diffVersions: ({ id, from, to }) => prompts.diff(id, from, to),

    renderPreview: ({ variables, preview, ...ref }) =>
      render.render(ref, variables, { preview: preview === true }),
    exportPrompt: async ({ provider, variables, mergeConsecutive, ...ref }) => {
      const result = render.export(ref, provider, variables, {
        mergeConsecutive: mergeConsecutive === true,
      });
      const findings = await secrets.scanExport(provider, result.payload);
      return findings.length > 0 ? { ...result, secrets: findings } : result;
    },
    validateOutput: ({ data, ...ref }) => render.validateOutput(ref, data),

    listSchemas: () => schemas.list(),
    getSchema: ({ name }) => schemas.get(name),
    saveSchema: ({ schema }) => {
      schemas.save(schema);
      return { name: schema.name };
    },
    saveSchemaYaml: ({ text }) => ({ names: schemas.saveYaml(text) }),
    schemaYaml: ({ name }) => ({ text: schemas.yaml(name) }),
    schemaImpact: ({ text }) => ({
      prompts: schemaImpact({ schemas, prompts, partials, tests }, text),
    }),
    deleteSchema: ({ name }) => {
      schemas.delete(name);
      return { deleted: true };
    },
    testSchema: ({ name, data }) => render.testSchema(name, data),

    listPartials: () => partials.list(),
    getPartial: ({ name }) => ({ name, content: partials.get(name) }),
    savePartial: async ({ name, content, allowSecrets }) => {
      await secrets.checkPartial(name, content, allowSecrets);
      partials.save(name, content);
      return { name };
    },
    deletePartial: ({ name }) => {
      partials.delete(name);
      return { deleted: true };
    },
    partialImpact: ({ name, content }) => render.partialImpact(name, content),

    metricsSummary: (query) => metrics.summary(query),
    modelCallsSummary: (query) => metrics.modelCalls(query),
    metricsSettings: () => metrics.settings(),
    setMetricsRetention: ({ days }) => {
      metrics.setRetentionDays(days);
      return metrics.settings();
    },
    listAudit: (query) => audit.list(query),

    ...folderHandlers(files),

    getDraft: ({ id }) => prompts.getDraft(id),
    listDrafts: () => prompts.listDrafts(),
    putDraft: ({ id, document, base }) => {
      prompts.putDraft(id, document, base);
      return { saved: true };
    },
    deleteDraft: ({ id }) => {
      prompts.deleteDraft(id);
      return { deleted: true };
    },

    ...createRunHandlers({ models, evaluation, tests, vault, prompts, schemas }),

    listLabels: ({ id }) => labels.list(id),
    listLabelsFor: ({ ids }) => Object.fromEntries(labels.byPrompt(ids)),
    setLabel: ({ id, label, version }) => labels.set(id, label, version),
    removeLabel: ({ id, label }) => {
      labels.remove(id, label);
      return { removed: true };
    },

    listApiKeys: () => apiKeys.list(),
    createApiKey: ({ name }) => ({ name, secret: apiKeys.create(name) }),
    revokeApiKey: ({ name }) => {
      apiKeys.revoke(name);
      return { revoked: true };
    },
  };
}
