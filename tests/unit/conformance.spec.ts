/**
 * Conformance with the real operator: its example manifests pass the engine; what the components render validates
 * against the real CRD OpenAPI v3 schemas (ajv, with pruning made visible; ../support/crd-conformance.ts), here and,
 * through the mocks, in every other spec; the package's copy of the schemas and its TypeScript model match the CRDs.
 */
import "../support/mocks";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { CRDS_DIR, EXAMPLES_DIR, applicationDeployment, readManifests, savepointSnapshot, sessionCluster, sessionJob, yamlFiles } from "../support/fixtures";
import { customResources, resetRegistered, settle, settleUntil } from "../support/mocks";
import { assertConformsToCrd, crd, rendered, takeViolations } from "../support/crd-conformance";
import { validate } from "../../components/rules";
import { extractSchemas, sortKeys } from "../../components/core/crd/generate";
import * as types from "../../components/core/flink/types";
import { FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot } from "../../components";

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
            const dep = new FlinkDeployment("sessions", {
                metadata: cluster.metadata,
                spec: cluster.spec,
                highAvailability: { storageDir: "s3://x/ha" },
                savepoints: { dir: "s3://x/sp", periodicInterval: "1h" },
            });
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

    describe("the mocks check every Flink custom resource any test renders (the run's last test reports them)", () => {
        const register = (name: string, spec: any) =>
            new CustomResource(name, { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: { name }, spec, status: undefined });
        const checked = (name: string) => rendered.checked.some((r) => r.name === name);

        it("records a non-conforming one with its name and ajv errors, so the run's final check can fail", async () => {
            const spec: any = applicationDeployment().spec;
            spec.jobManger = {};
            spec.job.parallelism = "two";
            register("crd-check-bad", spec);
            await settleUntil(() => checked("crd-check-bad"));
            assert.ok(checked("crd-check-bad"));
            const [violation, ...more] = takeViolations("crd-check-bad");
            assert.deepStrictEqual(more, []);
            assert.strictEqual(violation.type, "kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
            const messages = violation.errors.map((e) => `${e.instancePath} ${e.message}`);
            assert.ok(messages.includes("/spec must NOT have additional properties"), messages.join("; "));
            assert.ok(messages.includes("/spec/job/parallelism must be integer"), messages.join("; "));
        });

        it("checks secret values, and withholds only the errors about values not known", async () => {
            const spec: any = applicationDeployment().spec;
            spec.serviceAccount = pulumi.secret("flink");
            spec.image = pulumi.unknown; // the mocks receive it as undefined: not checked
            spec.jobManager.replicas = pulumi.unknown; // nor is its type
            spec.job.args = ["--in", pulumi.unknown];
            register("crd-check-unknowns", spec);
            const bad = applicationDeployment().spec;
            bad.image = pulumi.unknown;
            bad.taskManager.replicas = pulumi.secret("2"); // a secret is still checked: a string where an integer goes
            bad.imagePolicy = pulumi.unknown; // not a CRD field: pruned whatever its value
            register("crd-check-bad-unknowns", bad);
            await settleUntil(() => checked("crd-check-unknowns") && checked("crd-check-bad-unknowns"));
            const unknownPaths = (name: string) => rendered.checked.find((r) => r.name === name)!.unknownPaths.sort();
            assert.deepStrictEqual(unknownPaths("crd-check-unknowns"), ["/spec/image", "/spec/job/args/1", "/spec/jobManager/replicas"]);
            assert.deepStrictEqual(unknownPaths("crd-check-bad-unknowns"), ["/spec/image", "/spec/imagePolicy"]);
            assert.deepStrictEqual(takeViolations("crd-check-unknowns"), []);
            const [violation] = takeViolations("crd-check-bad-unknowns");
            const messages = violation.errors.map((e) => `${e.instancePath} ${e.message}`).sort();
            assert.deepStrictEqual(messages, ["/spec must NOT have additional properties", "/spec/taskManager/replicas must be integer"]);
        });
    });

    describe("the package's facts match the CRDs", () => {
        it("components/core/crd/schemas.json is what the generator makes of the chart's CRDs", () => {
            const committed = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../components/core/crd/schemas.json"), "utf8"));
            assert.deepStrictEqual(
                committed,
                sortKeys(extractSchemas(CRDS_DIR, "1.15.0")),
                "regenerate with: node dist/components/core/crd/generate.js <crds dir> > components/core/crd/schemas.json",
            );
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
