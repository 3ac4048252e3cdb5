/**
 * The components stay within what Pulumi's schema inference accepts (interfaces, enums, maps, arrays; no other
 * unions), so SDKs for other languages can be generated from them. Runs Pulumi's own analyzer on the sources.
 */
import * as assert from "assert";
import * as path from "path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";

const ROOT = path.resolve(__dirname, "../../..");

describe("schema inference", function () {
    this.timeout(60000);

    it("infers a schema for every component, with typed inputs and outputs", () => {
        const pkg = { ...require(path.join(ROOT, "package.json")), main: "components/index.js" };
        const result = new Analyzer(ROOT, "flink", pkg, new Set(["FlinkDeployment", "FlinkSessionJob", "FlinkStateSnapshot"])).analyze();
        assert.deepStrictEqual(Object.keys(result.components).sort(), ["FlinkDeployment", "FlinkSessionJob", "FlinkStateSnapshot"]);
        const dep = result.components.FlinkDeployment;
        assert.deepStrictEqual(Object.keys(dep.inputs).sort(), ["awaitTimeoutSeconds", "checkpoints", "highAvailability", "metadata", "savepoints", "skipAwait", "spec"]);
        assert.deepStrictEqual(Object.keys(dep.outputs).sort(), ["error", "jobManagerDeploymentStatus", "jobState", "lifecycleState", "name", "namespace", "restAddress", "status"]);
        const versions = result.typeDefinitions.FlinkVersion.enum!.map((e) => e.value);
        assert.ok(versions.includes("v1_20"));
        assert.deepStrictEqual(result.typeDefinitions.JobSpec.properties!.upgradeMode, { $ref: "#/types/flink:index:UpgradeMode", optional: true, description: result.typeDefinitions.JobSpec.properties!.upgradeMode.description });
    });
    it("infers a schema for the Aiven components: args data-only, secrets and service references out of args", () => {
        const pkg = { ...require(path.join(ROOT, "package.json")), main: "components/index.js" };
        const names = ["AivenFlink", "AivenFlinkSqlApplication", "AivenFlinkJarApplication"];
        const result = new Analyzer(ROOT, "flink", pkg, new Set(names)).analyze();
        assert.deepStrictEqual(Object.keys(result.components).sort(), names.sort());
        const svc = result.components.AivenFlink;
        assert.deepStrictEqual(Object.keys(svc.inputs).sort(), ["cloudName", "connInfoSecretTarget", "connInfoSecretTargetDisabled", "diskSpace", "maintenanceWindowDow", "maintenanceWindowTime", "plan", "project", "projectVpcId", "serviceIntegrations", "serviceName", "tags", "technicalEmails", "terminationProtection", "userConfig"]);
        assert.deepStrictEqual(Object.keys(svc.outputs).sort(), ["connectionSecretName", "host", "hosts", "password", "port", "serviceName", "state", "uri", "user"]);
        assert.strictEqual(svc.inputs.project.optional, undefined);
        assert.strictEqual(svc.inputs.plan.optional, undefined);
        assert.deepStrictEqual(Object.keys(result.typeDefinitions.AivenFlinkUserConfig.properties!).sort(), ["customCode", "flinkVersion", "ipFilter", "numberOfTaskSlots", "pekkoAskTimeoutS", "pekkoFramesizeB", "privatelinkAccess", "publicAccess", "serviceLog", "staticIps"]);
        assert.deepStrictEqual(Object.keys(result.components.AivenFlinkSqlApplication.outputs).sort(), ["applicationId", "deploymentId", "versionId"]);
    });
    it("infers a schema for FlinkOperator: data-only args, typed outputs, the webhook choice as an enum", () => {
        const pkg = { ...require(path.join(ROOT, "package.json")), main: "components/index.js" };
        const result = new Analyzer(ROOT, "flink", pkg, new Set(["FlinkOperator"])).analyze();
        const op = result.components.FlinkOperator;
        assert.ok(op, "FlinkOperator inferred");
        for (const input of ["namespace", "version", "repository", "chartPath", "image", "replicas", "watchNamespaces", "resources", "podSecurityContext", "jobServiceAccount", "flinkConfiguration", "operatorConfiguration", "metricsPort", "nodeSelector", "tolerations", "affinity", "webhook", "crds", "skipAwait", "helmOptions"]) {
            assert.ok(op.inputs[input], `input ${input}`);
        }
        assert.deepStrictEqual(Object.keys(op.outputs).sort(), ["chartVersion", "jobServiceAccount", "namespace", "releaseName", "status", "watchNamespaces", "webhookEnabled"]);
        assert.deepStrictEqual(result.typeDefinitions.OperatorWebhook.enum!.map((e) => e.value).sort(), ["cert-manager", "disabled"]);
    });
});
