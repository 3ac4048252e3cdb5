/**
 * The typed model covers every field of the 1.15.0 CRDs: full specs typed with the package's interfaces (the
 * compiler rejects unknown fields) must mention every CRD field path.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CRDS_DIR } from "../support/fixtures";
import {
    FlinkDeploymentSpec,
    FlinkSessionJobSpec,
    FlinkStateSnapshotSpec,
    FlinkVersion,
    JobKind,
    JobSpec,
    JobState,
    KubernetesDeploymentMode,
    SavepointFormatType,
    UpgradeMode,
} from "../../components";

const job: JobSpec = {
    jarURI: "local:///opt/flink/job.jar",
    parallelism: 1,
    entryClass: "Main",
    args: ["--x"],
    state: JobState.Running,
    savepointTriggerNonce: 1,
    initialSavepointPath: "s3://sp",
    checkpointTriggerNonce: 1,
    upgradeMode: UpgradeMode.Savepoint,
    allowNonRestoredState: false,
    savepointRedeployNonce: 1,
    autoscalerResetNonce: 1,
};
const podTemplate = { spec: { containers: [{ name: "flink-main-container" }] } };

const fullDeployment: FlinkDeploymentSpec = {
    job,
    restartNonce: 1,
    flinkConfiguration: {},
    image: "flink:1.20",
    imagePullPolicy: "IfNotPresent",
    serviceAccount: "flink",
    flinkVersion: FlinkVersion.v1_20,
    ingress: { template: "{{name}}.example.com", className: "nginx", annotations: {}, labels: {}, tls: [{ hosts: ["a"], secretName: "s" }] },
    podTemplate,
    jobManager: { resource: { cpu: 1, memory: "1g", ephemeralStorage: "1G" }, replicas: 1, podTemplate },
    taskManager: { resource: { cpu: 1, memory: "1g", ephemeralStorage: "1G" }, replicas: 1, podTemplate },
    logConfiguration: {},
    mode: KubernetesDeploymentMode.Native,
};
const fullSessionJob: FlinkSessionJobSpec = { deploymentName: "s", job, restartNonce: 1, flinkConfiguration: {} };
const fullSnapshot: FlinkStateSnapshotSpec = {
    jobReference: { kind: JobKind.FlinkDeployment, name: "d" },
    savepoint: { path: "s3://x", formatType: SavepointFormatType.Canonical, disposeOnDelete: true, alreadyExists: false },
    checkpoint: {},
    backoffLimit: 0,
};

/** Every property path of a CRD spec schema, not descending into pod templates or free-form maps. */
function crdPaths(node: any, prefix: string): string[] {
    const out: string[] = [];
    for (const [key, child] of Object.entries<any>(node.properties ?? {})) {
        const p = prefix ? `${prefix}.${key}` : key;
        out.push(p);
        if (key === "podTemplate") continue;
        const inner = child.type === "array" ? child.items : child;
        if (inner?.properties) out.push(...crdPaths(inner, inner === child ? p : `${p}[]`));
    }
    return out;
}

function valuePaths(value: any, prefix: string): string[] {
    const out: string[] = [];
    for (const [key, child] of Object.entries<any>(value)) {
        const p = prefix ? `${prefix}.${key}` : key;
        out.push(p);
        if (key === "podTemplate" || key === "flinkConfiguration") continue;
        if (Array.isArray(child) && child[0] && typeof child[0] === "object") out.push(...valuePaths(child[0], `${p}[]`));
        else if (child && typeof child === "object" && !Array.isArray(child)) out.push(...valuePaths(child, p));
    }
    return out;
}

function specSchema(kind: string): any {
    for (const file of fs.readdirSync(CRDS_DIR)) {
        const doc = YAML.parse(fs.readFileSync(path.join(CRDS_DIR, file), "utf8"));
        if (doc.spec.names.kind === kind) return doc.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    }
}

describe("typed model", () => {
    for (const [kind, full] of [
        ["FlinkDeployment", fullDeployment],
        ["FlinkSessionJob", fullSessionJob],
        ["FlinkStateSnapshot", fullSnapshot],
    ] as const) {
        it(`${kind}Spec covers every CRD field`, () => {
            const expected = crdPaths(specSchema(kind), "")
                .filter((p) => !/\.(annotations|labels|logConfiguration)\./.test(p))
                .sort();
            assert.deepStrictEqual(valuePaths(full, "").sort(), expected);
        });
    }
});
