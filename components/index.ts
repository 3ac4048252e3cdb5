/**
 * pulumi-flink: Apache Flink as code. The package's main entry.
 */
export { FlinkDeployment, FlinkDeploymentArgs } from "./flink/deployment";
export { FlinkSessionJob, FlinkSessionJobArgs, FlinkSessionJobOptions } from "./flink/session-job";
export { FlinkStateSnapshot, FlinkStateSnapshotArgs } from "./flink/state-snapshot";
export { FlinkBlueGreenDeployment, FlinkBlueGreenDeploymentArgs } from "./flink/blue-green";
export { FlinkValidationError } from "./flink/resource";
export { HighAvailability, Checkpoint, Savepoint, HighAvailabilityArgs, CheckpointArgs, SavepointArgs } from "./flink/helpers";
export * from "./core/flink/types";
export { FlinkOptions } from "./core/flink/config";
export { validate, RULES, Finding, Rule, Severity, EngineOptions, FlinkDocument, SourcedDocument, DocumentSet, UNKNOWN } from "./rules";
export { FlinkOperator, FlinkOperatorArgsError, OperatorWebhook, FlinkOperatorArgs, OperatorImage, ResourceRequirements, JobServiceAccount, OperatorCrd, OperatorHelmOptions, SecretKeyRef, OperatorImageArgs, ResourceRequirementsArgs, JobServiceAccountArgs, OperatorCrdArgs, SecretKeyRefArgs, DEFAULT_OPERATOR_VERSION } from "./operator";
export { FlinkResourceOptions } from "./flink/resource";
export * from "./aiven";
