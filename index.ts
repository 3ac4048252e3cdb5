/**
 * pulumi-flink: Apache Flink as code. The package's entry: the components, enums and types of components/index.ts,
 * for TypeScript programs (`import { FlinkDeployment } from "@pulumi-flink/flink"`) and for the component provider
 * (PulumiPlugin.yaml), whose schema Pulumi infers from this file's exports.
 */
// The files of the args' types first: schema inference reads the files an entry exports breadth-first and keeps the
// documentation of the types it has read before it meets a component, so the types' descriptions reach the schema.
export * from "./components/core/flink/types";
export { HighAvailability, Checkpoint, Savepoint } from "./components/flink/helpers";
export * from "./components/operator/types";
export * from "./components/aiven/types";
export * from "./components";
import { installProviderHooks } from "./components/provider/host";

// Only when loaded by Pulumi's plugin runner (other languages using the package): see components/provider/host.ts.
installProviderHooks();
