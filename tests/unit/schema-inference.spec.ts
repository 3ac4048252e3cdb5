/**
 * The schema the component provider serves (Pulumi's schema inference on the TypeScript sources, then flinkSchema):
 * what SDKs for other languages are generated from. Read off Pulumi's own ComponentProvider with this package's
 * hooks, as the plugin runner sets it up (tests/support/plugin-schema.ts).
 */
import * as assert from "assert";
import { pluginSchema } from "../support/plugin-schema";
import { COMPONENT_OUTPUTS, INTEGER_ARGS, INTEGER_OUTPUTS, LANGUAGE_SETTINGS, NUMBER_FIELDS, flinkSchema } from "../../components/provider/schema";

const T = "flink:index:";

/**
 * Where the schema says `pulumi.json#/Any` on purpose, and why. Every other Any fails the test: a type that is
 * known should be in the schema.
 */
const DELIBERATE_ANY: { [where: string]: string } = {
    "flink:index:FlinkDeployment.properties.status":
        "the operator's status object: its shape varies with the operator version; the typed outputs (lifecycleState, jobState, ...) cover what programs read",
    "flink:index:FlinkSessionJob.properties.status": "as FlinkDeployment's status",
    "flink:index:FlinkStateSnapshot.properties.status": "as FlinkDeployment's status",
    "flink:index:FlinkBlueGreenDeployment.properties.status": "as FlinkDeployment's status",
    "flink:index:FlinkDeploymentSpec.properties.podTemplate":
        "a Kubernetes PodTemplateSpec (hundreds of fields, preserved as given by the CRD); typed by @pulumi/kubernetes, which this schema does not reference",
    "flink:index:JobManagerSpec.properties.podTemplate": "as FlinkDeploymentSpec.podTemplate",
    "flink:index:TaskManagerSpec.properties.podTemplate": "as FlinkDeploymentSpec.podTemplate",
    "flink:index:FlinkDeploymentSpec.properties.flinkConfiguration{}":
        "Flink configuration values: strings, numbers, booleans or nested maps, as the operator takes them (the CRD preserves unknown fields)",
    "flink:index:FlinkSessionJobSpec.properties.flinkConfiguration{}": "as FlinkDeploymentSpec.flinkConfiguration",
    "flink:index:OperatorHelmOptions.properties.values{}": "raw chart values: any YAML the chart takes",
};

const COMPONENTS = [
    "AivenFlink",
    "AivenFlinkJarApplication",
    "AivenFlinkSqlApplication",
    "AivenOperatorFlink",
    "FlinkBlueGreenDeployment",
    "FlinkDeployment",
    "FlinkOperator",
    "FlinkSessionJob",
    "FlinkStateSnapshot",
];

/** Every property of the schema (component inputs and outputs, type properties), with where it is. */
function properties(schema: any): [string, any][] {
    const out: [string, any][] = [];
    for (const [token, r] of Object.entries<any>(schema.resources)) {
        for (const kind of ["inputProperties", "properties"])
            for (const [name, p] of Object.entries<any>(r[kind] ?? {})) out.push([`${token}.${kind}.${name}`, p]);
    }
    for (const [token, t] of Object.entries<any>(schema.types))
        for (const [name, p] of Object.entries<any>(t.properties ?? {})) out.push([`${token}.properties.${name}`, p]);
    return out;
}

/** A property and the types nested in it (array items, map values), each with where it is. */
function nested(where: string, p: any): [string, any][] {
    const out: [string, any][] = [[where, p]];
    if (p?.items) out.push(...nested(`${where}[]`, p.items));
    if (p?.additionalProperties) out.push(...nested(`${where}{}`, p.additionalProperties));
    return out;
}

describe("schema inference: the schema the component provider serves", function () {
    this.timeout(180000);
    let schema: any;
    before(async () => {
        schema = await pluginSchema();
    });

    it("names the package flink in namespace pulumi-flink, with every component as flink:index:<Component>", () => {
        assert.strictEqual(schema.name, "flink");
        assert.strictEqual(schema.namespace, "pulumi-flink");
        assert.deepStrictEqual(
            Object.keys(schema.resources).sort(),
            COMPONENTS.map((c) => T + c),
        );
        for (const c of COMPONENTS) assert.strictEqual(schema.resources[T + c].isComponent, true, c);
    });

    it("has the outputs the provider's construct reports without inference (COMPONENT_OUTPUTS)", () => {
        const inferred = Object.fromEntries(COMPONENTS.map((c) => [c, Object.keys(schema.resources[T + c].properties).sort()]));
        const listed = Object.fromEntries(Object.entries(COMPONENT_OUTPUTS).map(([c, outputs]) => [c, [...outputs].sort()]));
        assert.deepStrictEqual(listed, inferred);
    });

    it("carries the language settings of the SDKs", () => {
        assert.strictEqual(schema.language.python.packageName, "pulumi_flink");
        assert.strictEqual(schema.language.go.importBasePath, "github.com/pulumi-flink/pulumi-flink/sdk/go/flink");
        assert.strictEqual(schema.language.csharp.rootNamespace, "PulumiFlink");
        assert.strictEqual(schema.language.nodejs.packageName, "@pulumi-flink/flink-sdk");
        for (const [lang, settings] of Object.entries(LANGUAGE_SETTINGS)) assert.deepStrictEqual(schema.language[lang], settings, lang);
    });

    it("FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot: data-only args with the URN args, typed outputs", () => {
        const dep = schema.resources[T + "FlinkDeployment"];
        assert.deepStrictEqual(Object.keys(dep.inputProperties).sort(), [
            "awaitTimeoutSeconds",
            "checkpoints",
            "highAvailability",
            "metadata",
            "operatorUrn",
            "savepoints",
            "skipAwait",
            "spec",
        ]);
        assert.deepStrictEqual(dep.requiredInputs, ["spec"]);
        assert.deepStrictEqual(Object.keys(dep.properties).sort(), [
            "error",
            "jobManagerDeploymentStatus",
            "jobState",
            "lifecycleState",
            "name",
            "namespace",
            "restAddress",
            "status",
        ]);
        assert.deepStrictEqual(Object.keys(schema.resources[T + "FlinkSessionJob"].inputProperties).sort(), [
            "awaitTimeoutSeconds",
            "deploymentUrn",
            "metadata",
            "operatorUrn",
            "skipAwait",
            "spec",
        ]);
        assert.deepStrictEqual(Object.keys(schema.resources[T + "FlinkStateSnapshot"].inputProperties).sort(), [
            "awaitTimeoutSeconds",
            "metadata",
            "operatorUrn",
            "skipAwait",
            "spec",
        ]);
        for (const [c, arg] of [
            ["FlinkDeployment", "operatorUrn"],
            ["FlinkSessionJob", "operatorUrn"],
            ["FlinkSessionJob", "deploymentUrn"],
            ["FlinkStateSnapshot", "operatorUrn"],
            ["AivenFlinkSqlApplication", "serviceUrn"],
            ["AivenFlinkJarApplication", "serviceUrn"],
        ]) {
            const p = schema.resources[T + c].inputProperties[arg];
            assert.strictEqual(p.type, "string", `${c}.${arg}`);
            assert.strictEqual(p.optional, true, `${c}.${arg}`);
            assert.strictEqual(p.plain, undefined, `${c}.${arg} takes an Output (the urn of another component)`);
        }
        assert.deepStrictEqual(schema.types[T + "JobSpec"].properties.upgradeMode.$ref, `#/types/${T}UpgradeMode`);
    });

    it("AivenFlink and its applications: args data-only, secrets and service references out of args", () => {
        const svc = schema.resources[T + "AivenFlink"];
        assert.deepStrictEqual(Object.keys(svc.inputProperties).sort(), [
            "cloudName",
            "connInfoSecretTarget",
            "connInfoSecretTargetDisabled",
            "diskSpace",
            "maintenanceWindowDow",
            "maintenanceWindowTime",
            "plan",
            "project",
            "projectVpcId",
            "serviceIntegrations",
            "serviceName",
            "tags",
            "technicalEmails",
            "terminationProtection",
            "userConfig",
        ]);
        assert.deepStrictEqual(Object.keys(svc.properties).sort(), [
            "connectionSecretName",
            "host",
            "hosts",
            "password",
            "port",
            "serviceName",
            "state",
            "uri",
            "user",
        ]);
        assert.deepStrictEqual(svc.requiredInputs, ["plan", "project"]);
        assert.deepStrictEqual(Object.keys(schema.types[T + "AivenFlinkUserConfig"].properties).sort(), [
            "customCode",
            "flinkVersion",
            "ipFilter",
            "numberOfTaskSlots",
            "pekkoAskTimeoutS",
            "pekkoFramesizeB",
            "privatelinkAccess",
            "publicAccess",
            "serviceLog",
            "staticIps",
        ]);
        assert.deepStrictEqual(Object.keys(schema.resources[T + "AivenFlinkSqlApplication"].properties).sort(), ["applicationId", "deploymentId", "versionId"]);
        assert.deepStrictEqual(schema.resources[T + "AivenFlinkSqlApplication"].inputProperties.deployment.$ref, `#/types/${T}AivenFlinkApplicationDeployment`);
    });

    it("AivenOperatorFlink: AivenFlink's types where they share a field, whole numbers as integers, no port output (the operator writes none)", () => {
        const svc = schema.resources[T + "AivenOperatorFlink"];
        assert.deepStrictEqual(Object.keys(svc.properties).sort(), [
            "connectionSecretName",
            "host",
            "hosts",
            "namespace",
            "password",
            "serviceName",
            "state",
            "uri",
            "user",
        ]);
        assert.deepStrictEqual(svc.requiredInputs, ["plan", "project"]);
        assert.strictEqual(svc.inputProperties.userConfig.$ref, `#/types/${T}AivenFlinkUserConfig`);
        assert.strictEqual(svc.inputProperties.authSecretRef.$ref, `#/types/${T}AivenOperatorAuthSecretRef`);
        assert.strictEqual(svc.inputProperties.awaitTimeoutSeconds.type, "integer");
        assert.strictEqual(schema.types[T + "AivenFlinkUserConfig"].properties.numberOfTaskSlots.type, "integer");
    });

    it("FlinkOperator: data-only args, typed outputs, the webhook choice as an enum", () => {
        const op = schema.resources[T + "FlinkOperator"];
        for (const input of [
            "namespace",
            "version",
            "repository",
            "chartPath",
            "image",
            "replicas",
            "watchNamespaces",
            "resources",
            "podSecurityContext",
            "jobServiceAccount",
            "flinkConfiguration",
            "operatorConfiguration",
            "metricsPort",
            "nodeSelector",
            "tolerations",
            "affinity",
            "webhook",
            "crds",
            "skipAwait",
            "helmOptions",
        ]) {
            assert.ok(op.inputProperties[input], `input ${input}`);
        }
        assert.deepStrictEqual(Object.keys(op.properties).sort(), [
            "chartVersion",
            "jobServiceAccount",
            "namespace",
            "releaseName",
            "status",
            "watchNamespaces",
            "webhookEnabled",
        ]);
        assert.strictEqual(op.inputProperties.image.$ref, `#/types/${T}OperatorImage`);
        // The Kubernetes fields are typed as @pulumi/kubernetes types them (copied under their Kubernetes names).
        for (const [input, type] of [
            ["affinity", "Affinity"],
            ["podSecurityContext", "PodSecurityContext"],
            ["operatorSecurityContext", "SecurityContext"],
            ["resources", "ResourceRequirements"],
        ]) {
            assert.strictEqual(op.inputProperties[input].$ref, `#/types/${T}${type}`, input);
        }
        assert.strictEqual(op.inputProperties.tolerations.items.$ref, `#/types/${T}Toleration`);
        assert.deepStrictEqual(
            Object.keys(schema.types[T + "ResourceRequirements"].properties).sort(),
            ["claims", "limits", "requests"],
            "Kubernetes' ResourceRequirements, not a same-named type merged into it",
        );
        assert.strictEqual(schema.types[T + "PodSecurityContext"].properties.runAsUser.type, "integer");
        assert.strictEqual(schema.types[T + "PodSecurityContext"].properties.supplementalGroups.items.type, "integer");
        assert.ok(!op.inputProperties.namespace.plain && !op.inputProperties.watchNamespaces.plain, "namespaces may be computed (Input)");
    });

    it("documents every component, type, input and output", () => {
        const missing: string[] = [];
        for (const [token, r] of Object.entries<any>(schema.resources)) if (!r.description?.trim()) missing.push(token);
        for (const [token, t] of Object.entries<any>(schema.types)) if (!t.description?.trim()) missing.push(token);
        for (const [where, p] of properties(schema)) if (!p.description?.trim()) missing.push(where);
        for (const [token, t] of Object.entries<any>(schema.types))
            for (const e of t.enum ?? []) if (!e.description?.trim() && !/^v\d+_\d+$/.test(e.name)) missing.push(`${token}.${e.name}`);
        assert.deepStrictEqual(missing, [], "add JSDoc to these");
    });

    it("has the enums, with their values", () => {
        const values = (name: string) => schema.types[T + name]?.enum?.map((e: any) => e.value);
        assert.ok(values("FlinkVersion").includes("v1_20") && values("FlinkVersion").includes("v2_2"), String(values("FlinkVersion")));
        assert.deepStrictEqual(values("UpgradeMode"), ["savepoint", "last-state", "stateless"]);
        assert.deepStrictEqual(values("JobState"), ["running", "suspended"]);
        assert.deepStrictEqual(values("KubernetesDeploymentMode"), ["native", "standalone"]);
        assert.deepStrictEqual(values("SavepointFormatType"), ["CANONICAL", "NATIVE", "UNKNOWN"]);
        assert.deepStrictEqual(values("JobKind"), ["FlinkDeployment", "FlinkSessionJob"]);
        assert.deepStrictEqual(values("OperatorWebhook"), ["cert-manager", "disabled"]);
        assert.strictEqual(schema.types[T + "OperatorWebhook"].description, "How the operator's admission webhook is run.");
    });

    it("says Any only where the type is deliberately open, each listed with its reason", () => {
        const anys = properties(schema)
            .flatMap(([where, p]) => nested(where, p))
            .filter(([, p]) => p.$ref === "pulumi.json#/Any")
            .map(([where]) => where);
        assert.deepStrictEqual(anys.sort(), Object.keys(DELIBERATE_ANY).sort());
    });

    it("names no type ...Args (each language adds that suffix to input types itself)", () => {
        assert.deepStrictEqual(
            Object.keys(schema.types).filter((t) => t.endsWith("Args")),
            [],
        );
        for (const name of [
            "HighAvailability",
            "Checkpoint",
            "Savepoint",
            "OperatorImage",
            "ResourceRequirements",
            "JobServiceAccount",
            "OperatorCrd",
            "SecretKeyRef",
            "AivenFlinkApplicationDeployment",
        ]) {
            assert.ok(schema.types[T + name], name);
        }
    });

    it("types integers as integer: from the CRDs, the Aiven shapes and the package's own whole-number args", () => {
        const at = (token: string, field: string) => (schema.types[token]?.properties ?? schema.resources[token]?.inputProperties ?? {})[field]?.type;
        for (const [type, field] of [
            ["JobSpec", "parallelism"],
            ["JobSpec", "savepointTriggerNonce"],
            ["JobSpec", "checkpointTriggerNonce"],
            ["JobSpec", "savepointRedeployNonce"],
            ["JobSpec", "autoscalerResetNonce"],
            ["JobManagerSpec", "replicas"],
            ["TaskManagerSpec", "replicas"],
            ["FlinkDeploymentSpec", "restartNonce"],
            ["FlinkSessionJobSpec", "restartNonce"],
            ["FlinkStateSnapshotSpec", "backoffLimit"],
            ["AivenFlinkUserConfig", "numberOfTaskSlots"],
            ["AivenFlinkUserConfig", "pekkoAskTimeoutS"],
            ["AivenFlinkUserConfig", "pekkoFramesizeB"],
            ["AivenFlinkApplicationDeployment", "parallelism"],
        ]) {
            assert.strictEqual(at(T + type, field), "integer", `${type}.${field}`);
        }
        for (const [token, fields] of Object.entries(INTEGER_ARGS)) for (const f of fields) assert.strictEqual(at(token, f), "integer", `${token}.${f}`);
        for (const [token, fields] of Object.entries(INTEGER_OUTPUTS))
            for (const f of fields) assert.strictEqual(schema.resources[token].properties[f].type, "integer", `${token}.${f}`);
        // What stays a number is listed with its reason.
        const numbers = properties(schema)
            .flatMap(([where, p]) => nested(where, p))
            .filter(([, p]) => p.type === "number")
            .map(([where]) => where.replace(".properties.", ".").replace(".inputProperties.", "."));
        assert.deepStrictEqual(numbers.sort(), Object.keys(NUMBER_FIELDS).sort());
    });
});

describe("flinkSchema", () => {
    const inferred = () => ({
        name: "flink",
        language: { python: { respectSchemaVersion: true } },
        resources: {
            "flink:index:FlinkDeployment": {
                isComponent: true,
                inputProperties: {
                    spec: { $ref: "#/types/flink:index:FlinkDeploymentSpec" },
                    awaitTimeoutSeconds: { type: "number" },
                    helper: { $ref: "#/types/flink:index:HelperArgs" },
                },
                properties: {},
            },
            "flink:index:FlinkSessionJob": {
                isComponent: true,
                inputProperties: { spec: { $ref: "#/types/flink:index:FlinkSessionJobSpec" }, awaitTimeoutSeconds: { type: "number" } },
                properties: {},
            },
        },
        types: {
            "flink:index:FlinkDeploymentSpec": {
                type: "object",
                properties: {
                    job: { $ref: "#/types/flink:index:JobSpec" },
                    jobManager: { $ref: "#/types/flink:index:JobManagerSpec" },
                    taskManager: { $ref: "#/types/flink:index:JobManagerSpec" },
                },
            },
            "flink:index:FlinkSessionJobSpec": { type: "object", properties: { job: { $ref: "#/types/flink:index:JobSpec" } } },
            "flink:index:JobSpec": { type: "object", properties: { parallelism: { type: "number" }, args: { type: "array", items: { type: "string" } } } },
            // One type reached from two CRD places: jobManager.resource.cpu is number, replicas integer in both.
            "flink:index:JobManagerSpec": { type: "object", properties: { replicas: { type: "number" }, resource: { $ref: "#/types/flink:index:Resource" } } },
            "flink:index:Resource": { type: "object", properties: { cpu: { type: "number" } } },
            "flink:index:HelperArgs": { type: "object", properties: { dir: { type: "string" } } },
        },
    });

    it("adds the language settings, keeping what inference set", () => {
        const out = flinkSchema(inferred());
        assert.deepStrictEqual(out.language.python, { ...LANGUAGE_SETTINGS.python });
        assert.strictEqual(out.language.go.importBasePath, LANGUAGE_SETTINGS.go.importBasePath);
    });

    it("makes integer what every CRD place says is integer, leaves CRD numbers alone, and does not touch its input", () => {
        const input = inferred();
        const before = JSON.stringify(input);
        const out = flinkSchema(input);
        assert.strictEqual(JSON.stringify(input), before, "the input is not modified");
        assert.strictEqual(out.types["flink:index:JobSpec"].properties.parallelism.type, "integer");
        assert.strictEqual(out.types["flink:index:JobManagerSpec"].properties.replicas.type, "integer");
        assert.strictEqual(out.types["flink:index:Resource"].properties.cpu.type, "number");
        assert.strictEqual(out.resources["flink:index:FlinkDeployment"].inputProperties.awaitTimeoutSeconds.type, "integer");
    });

    it("renames ...Args types and every reference to them", () => {
        const out = flinkSchema(inferred());
        assert.ok(out.types["flink:index:Helper"] && !out.types["flink:index:HelperArgs"]);
        assert.strictEqual(out.resources["flink:index:FlinkDeployment"].inputProperties.helper.$ref, "#/types/flink:index:Helper");
        const clash = inferred();
        (clash.types as any)["flink:index:Helper"] = { type: "object", properties: {} };
        assert.throws(() => flinkSchema(clash), /flink:index:HelperArgs cannot be renamed flink:index:Helper: that type exists too/);
    });

    it("fails on a listed whole-number arg the inferred schema no longer has, naming it", () => {
        const drifted = inferred();
        delete (drifted.resources["flink:index:FlinkSessionJob"].inputProperties as any).awaitTimeoutSeconds;
        assert.throws(() => flinkSchema(drifted), /flink:index:FlinkSessionJob\.awaitTimeoutSeconds is listed as a whole-number arg but is missing/);
    });

    it("adds type descriptions from inference's type definitions", () => {
        const out = flinkSchema(inferred(), { JobSpec: { description: "Flink job spec." }, HelperArgs: { description: "A helper." } });
        assert.strictEqual(out.types["flink:index:JobSpec"].description, "Flink job spec.");
        assert.strictEqual(out.types["flink:index:Helper"].description, "A helper.");
    });
});
