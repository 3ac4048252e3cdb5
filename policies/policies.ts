/**
 * Every policy of the pack, importable without starting it (the pack itself is created in ./index.ts only).
 * Default levels: mandatory for aiven-termination-protection, flink-deployment-ha, flink-operator-ha and the checks
 * that would otherwise fail at deploy time; advisory for hygiene. Each can be changed in the pack's config.
 */
import type { Policies } from "@pulumi/policy";
import { aivenIpFilterNotOpen, aivenMaintenanceWindow, aivenTerminationProtection } from "./aiven";
import { flinkDeploymentHa, flinkEngineRules, flinkImagePinned, flinkResourcesSet, flinkStatefulJobStorage } from "./flink";
import { flinkOperatorHa } from "./operator";
import { flinkOperatorLeaderElection, flinkSessionJobStorage, flinkSessionJobTarget } from "./stack";

export { aivenIpFilterNotOpen, aivenMaintenanceWindow, aivenTerminationProtection } from "./aiven";
export { flinkDeploymentHa, flinkEngineRules, flinkImagePinned, flinkResourcesSet, flinkStatefulJobStorage } from "./flink";
export { flinkOperatorHa } from "./operator";
export { flinkOperatorLeaderElection, flinkSessionJobStorage, flinkSessionJobTarget } from "./stack";

export const POLICY_PACK_NAME = "pulumi-flink";

export const policies: Policies = [
    aivenTerminationProtection,
    flinkDeploymentHa,
    flinkOperatorHa,
    flinkStatefulJobStorage,
    flinkImagePinned,
    aivenIpFilterNotOpen,
    aivenMaintenanceWindow,
    flinkResourcesSet,
    flinkEngineRules,
    flinkSessionJobTarget,
    flinkSessionJobStorage,
    flinkOperatorLeaderElection,
];
