import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderArtifacts } from '../artifacts';

/** Writes the generated contract files (AsyncAPI + JSON Schemas) into libs/contracts/generated. */
const outDir = join(__dirname, '..', '..', 'generated');
for (const [relativePath, content] of renderArtifacts()) {
  const target = join(outDir, relativePath);
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${target}`);
}
