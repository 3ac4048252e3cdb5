/**
 * Fields named like Object.prototype members are ordinary unknown fields: walkers read own properties only.
 */
import * as assert from "assert";
import { validate } from "../../components/rules";
import { applicationDeployment, savepointSnapshot, sessionJob } from "../support/fixtures";

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).filter((n) => n !== "__proto__");

/** Objects of each kind whose schema lists its fields (no additionalProperties): an unknown name must be reported there. */
const PLACES: [string, () => any, (doc: any) => any][] = [
    ["FlinkDeployment spec", applicationDeployment, (d) => d.spec],
    ["FlinkDeployment spec.job", applicationDeployment, (d) => d.spec.job],
    ["FlinkDeployment spec.jobManager", applicationDeployment, (d) => d.spec.jobManager],
    ["FlinkDeployment spec.jobManager.resource", applicationDeployment, (d) => d.spec.jobManager.resource],
    ["FlinkDeployment metadata", applicationDeployment, (d) => d.metadata],
    ["FlinkSessionJob spec.job", sessionJob, (d) => d.spec.job],
    ["FlinkStateSnapshot spec.savepoint", savepointSnapshot, (d) => d.spec.savepoint],
];

describe("unknown fields named like Object.prototype members", () => {
    for (const [place, fixture, target] of PLACES) {
        it(`${place}: ${PROTOTYPE_NAMES.length} names (constructor, toString, hasOwnProperty, valueOf, ...) are each reported`, () => {
            for (const name of PROTOTYPE_NAMES) {
                const doc = fixture();
                target(doc)[name] = { sneaky: true };
                const unknown = validate([{ doc }]).findings.filter((f) => f.rule === "schema-unknown-field");
                assert.strictEqual(unknown.length, 1, `${place}.${name}: ${JSON.stringify(unknown)}`);
                assert.match(unknown[0].message, new RegExp(`Unknown field "${name}"`));
            }
        });
    }
});
