/**
 * pulumi-flink: Apache Flink as code. The package's public API: the components with their args, options and enums,
 * the one error type, and `validate` for checking manifests from code. Nothing of the engine's inside is exported:
 * the layers behind these names (README: Architecture) can change without breaking a program.
 */
export { FlinkDeployment, FlinkDeploymentArgs } from "./flink/deployment";
export { FlinkSessionJob, FlinkSessionJobArgs, FlinkSessionJobOptions } from "./flink/session-job";
export { FlinkStateSnapshot, FlinkStateSnapshotArgs } from "./flink/state-snapshot";
export { FlinkBlueGreenDeployment, FlinkBlueGreenDeploymentArgs } from "./flink/blue-green";
export { FlinkValidationError, Issue } from "./core/issues";
export { HighAvailability, Checkpoint, Savepoint, HighAvailabilityArgs, CheckpointArgs, SavepointArgs } from "./flink/helpers";
export * from "./core/flink/types";
export { FlinkOptions } from "./core/flink/config";
export { validate, Finding, Severity, EngineOptions, FlinkDocument, SourcedDocument, ValidationResult } from "./rules";
export {
    FlinkOperator,
    FlinkOperatorArgsError,
    OperatorWebhook,
    FlinkOperatorArgs,
    OperatorImage,
    ResourceRequirements,
    JobServiceAccount,
    OperatorCrd,
    OperatorHelmOptions,
    SecretKeyRef,
    OperatorImageArgs,
    ResourceRequirementsArgs,
    JobServiceAccountArgs,
    OperatorCrdArgs,
    SecretKeyRefArgs,
    DEFAULT_OPERATOR_VERSION,
} from "./operator";
export { FlinkResourceOptions } from "./flink/resource";
export * from "./aiven";
