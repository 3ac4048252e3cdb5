import { Rule, RuleContext } from "../engine";
import { FlinkOptions } from "../../core/flink/config";
import { UpgradeMode } from "../../core/flink/types";
import { isNonBlank } from "./util";

/**
 * The operator checks a job spec on application FlinkDeployments, and on session jobs whose session cluster it can
 * see (with the cluster's configuration under the job's). Here "see" means: in the same program or file set.
 */
function jobInScope(ctx: RuleContext): boolean {
    if (ctx.get("spec.job") === undefined || ctx.get("spec.job") === null) return false;
    return ctx.kind === "FlinkDeployment" || ctx.sessionCluster() !== undefined;
}

function isStateful(mode: unknown): boolean {
    return mode === UpgradeMode.Savepoint || mode === UpgradeMode.LastState;
}

export const checkpointDirRequired: Rule = {
    id: "checkpoint-dir-required",
    kinds: ["FlinkDeployment", "FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "savepoint and last-state upgrade modes have a checkpoint directory.",
    check(ctx) {
        if (!jobInScope(ctx)) return;
        const mode = ctx.get("spec.job.upgradeMode");
        if (isStateful(mode) && !isNonBlank(ctx.config(FlinkOptions.checkpointsDir))) {
            ctx.report(
                "spec.flinkConfiguration",
                `Checkpoint directory[${FlinkOptions.checkpointsDir.key}] must be defined for last-state and savepoint upgrade modes. Set it in spec.flinkConfiguration (e.g. s3://bucket/flink/checkpoints), or use upgradeMode: stateless.`,
            );
        }
    },
};

export const savepointDirRequired: Rule = {
    id: "savepoint-dir-required",
    kinds: ["FlinkDeployment", "FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "Savepoint upgrades, manual and periodic savepoints and max checkpoint age have a savepoint directory.",
    check(ctx) {
        if (!jobInScope(ctx) || isNonBlank(ctx.config(FlinkOptions.savepointsDir))) return;
        const key = FlinkOptions.savepointsDir.key;
        const hint = ` Set ${key} in spec.flinkConfiguration, e.g. s3://bucket/flink/savepoints.`;
        if (ctx.get("spec.job.upgradeMode") === UpgradeMode.Savepoint) {
            ctx.report("spec.flinkConfiguration", `Job could not be upgraded with savepoint while config key[${key}] is not set.${hint}`);
        } else if (ctx.get("spec.job.savepointTriggerNonce") !== undefined && ctx.get("spec.job.savepointTriggerNonce") !== null) {
            ctx.report("spec.flinkConfiguration", `Savepoint could not be manually triggered for the running job while config key[${key}] is not set.${hint}`);
        } else if (ctx.config(FlinkOptions.periodicSavepointInterval) !== undefined) {
            ctx.report("spec.flinkConfiguration", `Periodic savepoints cannot be enabled when config key[${key}] is not set.${hint}`);
        } else if (ctx.config(FlinkOptions.lastStateMaxCheckpointAge) !== undefined) {
            ctx.report(
                "spec.flinkConfiguration",
                `In order to use max-checkpoint age functionality config key[${key}] must be set to allow triggering savepoint upgrades.${hint}`,
            );
        }
    },
};

export const jobParallelism: Rule = {
    id: "job-parallelism",
    kinds: ["FlinkDeployment", "FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "A job has parallelism of at least 1, or (application clusters) taskManager.replicas of at least 1.",
    check(ctx) {
        if (!jobInScope(ctx)) return;
        const tmReplicas = ctx.kind === "FlinkDeployment" ? ctx.get("spec.taskManager.replicas") : undefined;
        if (typeof tmReplicas === "number") {
            if (tmReplicas < 1)
                ctx.report(
                    "spec.taskManager.replicas",
                    "TaskManager replicas must be larger than 0. Set spec.taskManager.replicas to 1 or more, or remove it and set spec.job.parallelism.",
                );
            return;
        }
        const parallelism = ctx.get("spec.job.parallelism");
        // The operator's parallelism is a primitive int: unset means 0.
        if (typeof parallelism !== "number" ? parallelism === undefined || parallelism === null : parallelism < 1) {
            ctx.report(
                "spec.job.parallelism",
                `Job parallelism must be larger than 0. Set spec.job.parallelism to 1 or more${ctx.kind === "FlinkDeployment" ? " (or spec.taskManager.replicas)" : ""}.`,
            );
        }
    },
};
