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
});
