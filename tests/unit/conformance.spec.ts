/**
 * Conformance with the real operator: its example manifests pass the engine; what the components render validates
 * against the real CRD OpenAPI v3 schemas (ajv, with pruning made visible); the package's copy of the schemas and
 * its TypeScript model match the CRDs.
 */
import "../support/mocks";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import Ajv from "ajv";
import * as pulumi from "@pulumi/pulumi";
import { CRDS_DIR, EXAMPLES_DIR, applicationDeployment, readManifests, savepointSnapshot, sessionCluster, sessionJob, yamlFiles } from "../support/fixtures";
import { customResources, resetRegistered, settle } from "../support/mocks";
import { validate } from "../../components/rules";
import { extractSchemas, sortKeys } from "../../components/flink/crd/generate";
import * as types from "../../components/flink/types";
import { FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot } from "../../components";

let crds: any[] | undefined;
function crd(kind: string): any {
    crds ??= fs.readdirSync(CRDS_DIR).map((file) => YAML.parse(fs.readFileSync(path.join(CRDS_DIR, file), "utf8")));
    const found = crds.find((doc) => doc.spec.names.kind === kind);
    if (!found) throw new Error(`no CRD for ${kind}`);
    return found;
}

/** The CRD schema as JSON Schema where every field the API server would prune is an error instead. */
function strictSchema(node: any): any {
    if (Array.isArray(node)) return node.map(strictSchema);
    if (node === null || typeof node !== "object") return node;
    const out: any = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === "enum" ? v : strictSchema(v);
    if (out.type === "object" && !out.additionalProperties && !out["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
    if (out["x-kubernetes-int-or-string"]) out.anyOf = [{ type: "integer" }, { type: "string" }];
    return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map<string, (doc: any) => boolean>();
function crdValidator(kind: string) {
    let v = validators.get(kind);
    if (!v) {
        const schema = strictSchema(crd(kind).spec.versions.find((x: any) => x.storage).schema.openAPIV3Schema);
        // metadata is the API server's business, not the CRD's.
        schema.properties.metadata = { type: "object" };
        schema.properties.apiVersion = { type: "string" };
        schema.properties.kind = { type: "string" };
        v = ajv.compile(schema);
        validators.set(kind, v);
    }
    return v as any;
}

function assertConformsToCrd(resource: any) {
    const validator = crdValidator(resource.kind);
    const { status, ...body } = resource;
    assert.strictEqual(status, undefined);
    assert.ok(validator(body), `${resource.kind}/${resource.metadata?.name}: ${ajv.errorsText(validator.errors)}`);
}

describe("conformance", () => {
    describe("the operator's example manifests pass the engine", () => {
        for (const file of yamlFiles(EXAMPLES_DIR)) {
            it(path.relative(EXAMPLES_DIR, file), () => {
                const docs = readManifests(file).map((doc) => ({ doc, file }));
                const errors = validate(docs).findings.filter((f) => f.severity === "error");
                assert.deepStrictEqual(errors, []);
            });
        }
    });

    describe("rendered custom resources validate against the real CRD schemas", () => {
        beforeEach(resetRegistered);

        it("fixtures, helpers and session jobs from a FlinkDeployment object", async () => {
            const app = applicationDeployment();
            new FlinkDeployment("orders", { metadata: app.metadata, spec: app.spec, checkpoints: { dir: "s3://x/cp", interval: "30 s" } });
            const cluster = sessionCluster();
            const dep = new FlinkDeployment("sessions", { metadata: cluster.metadata, spec: cluster.spec, highAvailability: { storageDir: "s3://x/ha" }, savepoints: { dir: "s3://x/sp", periodicInterval: "1h" } });
            const { deploymentName, ...jobSpec } = sessionJob().spec;
            void deploymentName;
            new FlinkSessionJob("clicks", { spec: jobSpec }, { deployment: dep });
            new FlinkStateSnapshot("orders-sp", { spec: savepointSnapshot().spec });
            new FlinkDeployment("late", { spec: { ...sessionCluster().spec, image: pulumi.output("flink:1.20.2") } });
            await settle();
            const rendered = customResources();
            assert.strictEqual(rendered.length, 5);
            for (const r of rendered) assertConformsToCrd(r.inputs);
        });

        it("every example manifest, rendered through its component", async () => {
            let count = 0;
            for (const file of yamlFiles(EXAMPLES_DIR)) {
                for (const doc of readManifests(file)) {
                    const args = { metadata: doc.metadata, spec: doc.spec, skipAwait: true };
                    const name = `${path.basename(file, ".yaml")}-${doc.metadata.name}`;
                    if (doc.kind === "FlinkDeployment" && doc.spec) new FlinkDeployment(name, args);
                    else if (doc.kind === "FlinkSessionJob") new FlinkSessionJob(name, args);
                    else if (doc.kind === "FlinkStateSnapshot") new FlinkStateSnapshot(name, args);
                    else continue;
                    count++;
                }
            }
            await settle();
            const rendered = customResources();
            assert.strictEqual(rendered.length, count);
            assert.ok(count >= 15, `rendered ${count} example resources`);
            for (const r of rendered) assertConformsToCrd(r.inputs);
        });

        it("the strict CRD check itself catches pruned fields (so the checks above can fail)", () => {
            const doc = applicationDeployment();
            doc.spec.jobManger = {};
            assert.throws(() => assertConformsToCrd(doc), /must NOT have additional properties/);
        });
    });

    describe("the package's facts match the CRDs", () => {
        it("components/flink/crd/schemas.json is what the generator makes of the chart's CRDs", () => {
            const committed = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../components/flink/crd/schemas.json"), "utf8"));
            assert.deepStrictEqual(committed, sortKeys(extractSchemas(CRDS_DIR, "1.15.0")), "regenerate with: node dist/components/flink/crd/generate.js <crds dir> > components/flink/crd/schemas.json");
        });

        const enumAt = (kind: string, dotted: string) => {
            let node = crd(kind).spec.versions[0].schema.openAPIV3Schema;
            for (const seg of dotted.split(".")) node = node.properties[seg];
            return [...node.enum].sort();
        };
        const values = (e: object) => Object.values(e).sort();

        it("TypeScript enums hold exactly the CRD's enum values", () => {
            assert.deepStrictEqual(values(types.FlinkVersion), enumAt("FlinkDeployment", "spec.flinkVersion"));
            assert.deepStrictEqual(values(types.UpgradeMode), enumAt("FlinkDeployment", "spec.job.upgradeMode"));
            assert.deepStrictEqual(values(types.JobState), enumAt("FlinkDeployment", "spec.job.state"));
            assert.deepStrictEqual(values(types.KubernetesDeploymentMode), enumAt("FlinkDeployment", "spec.mode"));
            assert.deepStrictEqual(values(types.SavepointFormatType), enumAt("FlinkStateSnapshot", "spec.savepoint.formatType"));
            assert.deepStrictEqual(values(types.JobKind), enumAt("FlinkStateSnapshot", "spec.jobReference.kind"));
        });
    });
});
