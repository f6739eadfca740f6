import { buildAsyncApiDocument, jsonSchemas } from './asyncapi';

/** Contract version, bumped with any change of a published schema. */
export const CONTRACTS_VERSION = '1.1.0';

/** Generated files (path relative to libs/contracts/generated -> content), for upstream teams. */
export function renderArtifacts(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('asyncapi.json', JSON.stringify(buildAsyncApiDocument(CONTRACTS_VERSION), null, 2) + '\n');
  for (const [id, schema] of Object.entries(jsonSchemas())) {
    files.set(`schemas/${id}.json`, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2) + '\n');
  }
  return files;
}
