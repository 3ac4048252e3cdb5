/**
 * The package's public API (index.ts -> components/index.ts) is what users need and nothing else: components,
 * enums, the error types, `validate`, the operator version and the Flink option catalogue. Engine internals
 * (rule tables, document sets, the UNKNOWN marker) stay behind it, so they can change without breaking programs.
 */
import * as assert from "assert";
import * as path from "path";

const EXPECTED_RUNTIME_EXPORTS = [
    // Components
    "AivenFlink",
    "AivenFlinkJarApplication",
    "AivenFlinkSqlApplication",
    "AivenOperatorFlink",
    "FlinkBlueGreenDeployment",
    "FlinkDeployment",
    "FlinkOperator",
    "FlinkSessionJob",
    "FlinkStateSnapshot",
    // Enums of their args
    "BlueGreenConfigKey",
    "FlinkBlueGreenDeploymentState",
    "FlinkVersion",
    "JobKind",
    "JobState",
    "KubernetesDeploymentMode",
    "OperatorWebhook",
    "SavepointFormatType",
    "UpgradeMode",
    // Errors (FlinkOperatorArgsError: deprecated subclass of FlinkValidationError)
    "FlinkOperatorArgsError",
    "FlinkValidationError",
    // Programmatic validation and facts users set
    "DEFAULT_OPERATOR_VERSION",
    "FlinkOptions",
    "validate",
].sort();

describe("public API", () => {
    it("exports exactly the components, enums, errors, validate and the two facts users set", () => {
        const api = require(path.resolve(__dirname, "../../index"));
        assert.deepStrictEqual(Object.keys(api).sort(), EXPECTED_RUNTIME_EXPORTS);
    });

    it("validate checks manifests from code, reporting issues with paths", () => {
        const { validate } = require(path.resolve(__dirname, "../../index"));
        const result = validate([
            { doc: { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: { name: "x" }, spec: { jobManager: { replicas: 0 } } } },
        ]);
        assert.ok(
            result.findings.some((f: any) => f.path === "spec.jobManager.replicas" && f.severity === "error" && f.rule === "jobmanager-replicas"),
            JSON.stringify(result.findings),
        );
    });
});
