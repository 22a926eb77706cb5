// Test kit: the seed's example files for the page's tests (read in Node under vitest only).
import { seedText, seedYamlFiles } from '../../electron/testKit/seedExamples';

/** The text of every seed schema file, in path order. */
export function seedSchemaTexts(): string[] {
  return seedYamlFiles('schemas').map((file) => seedText(`schemas/${file}`));
}
