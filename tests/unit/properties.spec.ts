/** Property-based tests of the engine with fast-check. */
import * as assert from "assert";
import fc from "fast-check";
import { FLINK_KINDS, UNKNOWN, validate } from "../../components/rules";
import { applicationDeployment, savepointSnapshot, sessionCluster, sessionJob } from "../support/fixtures";

const RUNS = 300;

/** JSON-ish values with a sprinkling of unknowns, like component args at preview. */
const value = fc.letrec((tie) => ({
    any: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue(),
        fc.constant(UNKNOWN),
        fc.array(tie("any"), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie("any"), { maxKeys: 4 }),
    ),
})).any;

/** A document that looks like a Flink resource, with arbitrary content where it matters. */
const flinkish = fc.record(
    {
        apiVersion: fc.oneof(fc.constant("flink.apache.org/v1beta1"), value),
        kind: fc.constantFrom(...FLINK_KINDS),
        metadata: fc.oneof(value, fc.record({ name: fc.oneof(fc.string(), value), namespace: value, labels: value, annotations: value }, { requiredKeys: [] })),
        spec: fc.oneof(
            value,
            fc.record(
                {
                    job: value,
                    jobManager: value,
                    taskManager: value,
                    flinkConfiguration: value,
                    flinkVersion: fc.oneof(fc.string(), value),
                    ingress: value,
                    logConfiguration: value,
                    deploymentName: value,
                    savepoint: value,
                    checkpoint: value,
                    jobReference: value,
                    image: value,
                },
                { requiredKeys: [] },
            ),
        ),
    },
    { requiredKeys: ["kind"] },
);

const validName = fc.stringMatching(/^[a-z]([-a-z0-9]{0,43}[a-z0-9])?$/);
const quantity = fc.oneof(
    fc.integer({ min: 1, max: 65536 }).map((n) => `${n}m`),
    fc.integer({ min: 1, max: 64 }).map((n) => `${n}Gi`),
    fc.integer({ min: 1, max: 64 }).map((n) => `${n} gb`),
);
/** Ephemeral storage is a Kubernetes quantity only, read case-sensitively without spaces (no Flink "1 gb"). */
const storageQuantity = fc.oneof(
    fc.integer({ min: 1, max: 64 }).map((n) => `${n}Gi`),
    fc.integer({ min: 1, max: 65536 }).map((n) => `${n}M`),
);

/** Changes that keep an application deployment valid. */
const appMutation = fc.oneof(
    fc.record({ name: validName }).map(
        ({ name }) =>
            (d: any) =>
                (d.metadata.name = name),
    ),
    fc.integer({ min: 1, max: 1024 }).map((p) => (d: any) => (d.spec.job.parallelism = p)),
    fc.integer({ min: 1, max: 100 }).map((r) => (d: any) => (d.spec.taskManager.replicas = r)),
    fc.integer({ min: 1, max: 5 }).map((r) => (d: any) => (d.spec.jobManager.replicas = r)),
    fc.double({ min: 0.01, max: 64, noNaN: true }).map((c) => (d: any) => (d.spec.taskManager.resource.cpu = c)),
    quantity.map((q) => (d: any) => (d.spec.jobManager.resource.memory = q)),
    storageQuantity.map((q) => (d: any) => (d.spec.taskManager.resource.ephemeralStorage = q)),
    fc.constantFrom("v1_19", "v1_20", "v2_0", "v2_1", "v2_2").map((v) => (d: any) => (d.spec.flinkVersion = v)),
    fc.constantFrom("savepoint", "last-state", "stateless").map((m) => (d: any) => (d.spec.job.upgradeMode = m)),
    fc.constantFrom("running", "suspended").map((s) => (d: any) => (d.spec.job.state = s)),
    fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.string(), { maxKeys: 5 }).map((labels) => (d: any) => (d.metadata.labels = labels)),
    fc.tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.oneof(fc.string(), fc.integer(), fc.boolean())).map(
        ([k, v]) =>
            (d: any) =>
                (d.spec.flinkConfiguration[`custom.${k}`] = v),
    ),
    fc.stringMatching(/^[a-z0-9]{1,12}$/).map((tag) => (d: any) => (d.spec.image = `registry.example.com/flink:1.20-${tag}`)),
    fc.nat().map((n) => (d: any) => (d.spec.job.savepointTriggerNonce = n)),
    fc.constant(
        (d: any) =>
            (d.spec.flinkConfiguration = {
                state: { checkpoints: { dir: "s3://c" }, savepoints: { dir: "s3://s" } },
                "high-availability": { type: "kubernetes", storageDir: "s3://ha" },
            }),
    ),
);

describe("properties", () => {
    it("arbitrary documents never crash the engine: they only produce findings", () => {
        fc.assert(
            fc.property(flinkish, (doc) => {
                const { findings } = validate([{ doc }]);
                for (const f of findings) {
                    assert.doesNotMatch(f.message, /internal error/, `${f.rule} crashed on ${JSON.stringify(doc)}`);
                    assert.ok(["error", "warning"].includes(f.severity));
                    assert.strictEqual(typeof f.path, "string");
                }
            }),
            { numRuns: RUNS },
        );
    });

    it("arbitrary sets of documents never crash cross-document checks", () => {
        fc.assert(
            fc.property(fc.array(flinkish, { maxLength: 5 }), (docs) => {
                for (const f of validate(docs.map((doc) => ({ doc }))).findings) assert.doesNotMatch(f.message, /internal error/);
            }),
            { numRuns: RUNS },
        );
    });

    it("mutations that keep an application deployment valid keep it valid", () => {
        fc.assert(
            fc.property(fc.array(appMutation, { minLength: 1, maxLength: 6 }), (mutations) => {
                const doc = applicationDeployment();
                for (const mutate of mutations) mutate(doc);
                const errors = validate([{ doc }]).findings.filter((f) => f.severity === "error");
                assert.deepStrictEqual(errors, []);
            }),
            { numRuns: RUNS },
        );
    });

    it("valid session clusters, session jobs and snapshots stay valid under renames and parallelism changes", () => {
        fc.assert(
            fc.property(validName, fc.integer({ min: 1, max: 512 }), fc.boolean(), (name, parallelism, savepoint) => {
                const cluster = sessionCluster();
                cluster.metadata.name = name;
                const job = sessionJob();
                job.spec.deploymentName = name;
                job.spec.job.parallelism = parallelism;
                const snap = savepointSnapshot();
                if (!savepoint) {
                    delete snap.spec.savepoint;
                    snap.spec.checkpoint = {};
                }
                const errors = validate([cluster, job, snap].map((doc) => ({ doc }))).findings.filter((f) => f.severity === "error");
                assert.deepStrictEqual(errors, []);
            }),
            { numRuns: RUNS },
        );
    });
});
