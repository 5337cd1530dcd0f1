// `npm run fidelity`: prints sim vs real for every calibration workload.
import { calibrationScenarios, compareWorkload, comparisonTable } from "./fidelity";

const names = process.argv.length > 2 ? process.argv.slice(2) : calibrationScenarios();
process.stdout.write(comparisonTable(names.map(compareWorkload)));
