/**
 * Writes sheets-templates/tracker.json (the tracker definition as data) and one CSV per tab with
 * example rows, from nodes/tracker/template.ts:  npx tsx sheets-templates/generate.ts
 * test/sandbox/sheets/templates.test.ts fails when these files are out of date.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { trackerTemplateFiles } from './files';

for (const [name, text] of Object.entries(trackerTemplateFiles())) writeFileSync(path.join(__dirname, name), text);
