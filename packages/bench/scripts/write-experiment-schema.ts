import { writeFileAtomic } from '@mambabench/durable';
import { experimentJsonSchemaText, experimentSchemaFile } from '../src/experiment/json-schema';

// Regenerates experiments/schema.json from the zod schema (`npx nx run bench:schema`).
const file = experimentSchemaFile();
await writeFileAtomic(file, experimentJsonSchemaText());
console.log(`wrote ${file}`);
