export { FlinkOperator, operatorDependencies, operatorJobServiceAccount } from "./operator";
export { FlinkOperatorArgsError } from "./values";
export * from "./types";
export { DEFAULT_OPERATOR_VERSION } from "./defaults";
export type { FlinkResourceOptions } from "../flink/resource";
