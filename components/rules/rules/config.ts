import { Rule } from "../engine";
import { FORBIDDEN_CONFIG_KEYS, FlinkOptions, OPERATOR_DEFAULTS, isHighAvailabilityType } from "../../core/flink/config";
import { configBoolean, isNonBlank } from "./util";

const HA_HINT = `set high-availability.type: kubernetes and high-availability.storageDir (or use the highAvailability helper)`;

export const forbiddenConfigKey: Rule = {
    id: "forbidden-config-key",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: `flinkConfiguration sets none of the keys the operator manages itself (${FORBIDDEN_CONFIG_KEYS.join(", ")}).`,
    check(ctx) {
        const keys = ctx.configKeys();
        for (const key of FORBIDDEN_CONFIG_KEYS) {
            if (keys.includes(key)) {
                ctx.report(
                    "spec.flinkConfiguration",
                    `Forbidden Flink config key: ${key}. Remove it: the operator sets it from the resource's namespace and name.`,
                );
            }
        }
    },
};

export const rollbackRequiresHa: Rule = {
    id: "rollback-requires-ha",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "Rollback (kubernetes.operator.deployment.rollback.enabled) needs high availability.",
    check(ctx) {
        if (configBoolean(ctx.config(FlinkOptions.rollbackEnabled)) === true && !isHighAvailabilityType(ctx.config(FlinkOptions.haType))) {
            ctx.report("spec.flinkConfiguration", `HA must be enabled for rollback support: ${HA_HINT}, or turn ${FlinkOptions.rollbackEnabled.key} off.`);
        }
    },
};

export const healthCheckRequiresRecovery: Rule = {
    id: "health-check-requires-recovery",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "The cluster health check needs JobManager deployment recovery enabled.",
    check(ctx) {
        const recovery = configBoolean(ctx.config(FlinkOptions.jmDeploymentRecoveryEnabled)) ?? OPERATOR_DEFAULTS.jmDeploymentRecoveryEnabled;
        if (configBoolean(ctx.config(FlinkOptions.healthCheckEnabled)) === true && !recovery) {
            ctx.report(
                "spec.flinkConfiguration",
                `Deployment recovery (${FlinkOptions.jmDeploymentRecoveryEnabled.key}) must be enabled for job health check (${FlinkOptions.healthCheckEnabled.key}) support. Set it to true or turn the health check off.`,
            );
        }
    },
};

export const haStorageDirRequired: Rule = {
    id: "ha-storage-dir-required",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "extra",
    description: "A high-availability type comes with high-availability.storageDir (the operator accepts it without; the JobManager then fails at start).",
    check(ctx) {
        const type = ctx.config(FlinkOptions.haType);
        if (isHighAvailabilityType(type) && !isNonBlank(ctx.config(FlinkOptions.haStorageDir))) {
            ctx.report(
                "spec.flinkConfiguration",
                `high-availability.type is ${type} but ${FlinkOptions.haStorageDir.key} is not set, so the JobManager fails at start. Set ${FlinkOptions.haStorageDir.key} to durable storage, e.g. s3://bucket/flink/ha.`,
            );
        }
    },
};
