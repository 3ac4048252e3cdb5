/**
 * The FlinkOperator component's public entry: the component, its args and enums, and what the Flink components
 * (the `operator` option) and the policy pack read of it.
 */
export { FlinkOperator, operatorDependencies, operatorEngineOptions, operatorJobServiceAccount, warnIfUnwatched } from "./operator";
export { FlinkOperatorArgsError, OperatorRules } from "./errors";
export * from "./types";
export { DEFAULT_OPERATOR_VERSION } from "./defaults";
