/**
 * Aiven for Apache Flink. Nothing here loads @pulumi/aiven or @pulumi/kubernetes: the components require them when
 * constructed, so importing the package stays cheap and @pulumi/aiven stays optional.
 */
export { AivenFlink } from "./flink";
export { AivenFlinkSqlApplication, AivenFlinkJarApplication, AivenFlinkApplicationOptions } from "./applications";
export * from "./types";
export { AivenOperatorFlink } from "./operator-flink";
