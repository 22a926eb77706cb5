// When the workbench refuses a possible secret, and how it tells a person to save it anyway.
import type { Prompt } from '../../../src-shared/model/prompt';
import type { SecretFinding } from '../../../src-shared/contract/dto';
import { promptScanTargets, refuseSecrets, scanForSecrets } from './secretScanner';

/** How a refusal names the override, per kind of thing saved. */
export interface SecretOverrides {
  prompt: string;
  partial: string;
}

const DEFAULT_OVERRIDES: SecretOverrides = {
  prompt: 'use --allow-secrets ("Save anyway" in the app)',
  partial: 'choose "Save anyway" (allowSecrets in the API)',
};

/**
 * The secret-scan policy: saves of prompts and partials holding a possible secret are refused
 * unless the caller allowed it; exports are scanned and carry the findings as a warning.
 */
export class SecretPolicy {
  constructor(private readonly overrides: SecretOverrides = DEFAULT_OVERRIDES) {}

  /** Throws `forbidden` when the prompt holds a possible secret and `allow` is not set. */
  async checkPrompt(prompt: Prompt, allow: boolean | undefined): Promise<void> {
    if (allow) return;
    refuseSecrets(await scanForSecrets(promptScanTargets(prompt)), this.overrides.prompt);
  }

  /** Throws `forbidden` when the partial holds a possible secret and `allow` is not set. */
  async checkPartial(name: string, content: string, allow: boolean | undefined): Promise<void> {
    if (allow) return;
    const findings = await scanForSecrets([{ location: `partial ${name}`, text: content }]);
    refuseSecrets(findings, this.overrides.partial);
  }

  /** Possible secrets in an exported payload (a warning: the export still happens). */
  scanExport(provider: string, payload: unknown): Promise<SecretFinding[]> {
    return scanForSecrets([
      { location: `${provider} export`, text: JSON.stringify(payload, null, 2) },
    ]);
  }
}
