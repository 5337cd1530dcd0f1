// `npm run schema`: writes schemas/heapcast.plan.schema.json from the table of settings (lib/authoring/plan-schema.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import { planSchema } from "../../lib/authoring/plan-schema";

const file = path.join(__dirname, "../../schemas/heapcast.plan.schema.json");
fs.writeFileSync(file, JSON.stringify(planSchema(), null, 2) + "\n");
console.log(`wrote ${path.relative(process.cwd(), file)}`);
