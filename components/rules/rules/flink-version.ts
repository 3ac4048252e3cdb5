import { Rule } from "../engine";
import { FlinkVersion } from "../../core/flink/types";

/** Versions the operator rejects, and those it accepts but has deprecated. */
export const UNSUPPORTED_FLINK_VERSIONS: readonly string[] = [FlinkVersion.v1_13, FlinkVersion.v1_14];
export const DEPRECATED_FLINK_VERSIONS: readonly string[] = [FlinkVersion.v1_15, FlinkVersion.v1_16, FlinkVersion.v1_17, FlinkVersion.v1_18];
const RECOMMENDED = FlinkVersion.v1_20;

export const flinkVersionRequired: Rule = {
    id: "flink-version-required",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "spec.flinkVersion is set.",
    check(ctx) {
        if (ctx.get("spec.flinkVersion") === undefined || ctx.get("spec.flinkVersion") === null) {
            ctx.report("spec.flinkVersion", `Flink Version must be defined. Set spec.flinkVersion to the Flink version of spec.image, e.g. ${RECOMMENDED}.`);
        }
    },
};

export const flinkVersionSupported: Rule = {
    id: "flink-version-supported",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: "spec.flinkVersion is one the operator still runs (v1_15 or newer).",
    check(ctx) {
        const version = ctx.get("spec.flinkVersion");
        if (UNSUPPORTED_FLINK_VERSIONS.includes(version)) {
            ctx.report(
                "spec.flinkVersion",
                `Flink version ${version} is not supported by this operator version. Upgrade the image and set spec.flinkVersion to ${RECOMMENDED} or newer.`,
            );
        }
    },
};

export const flinkVersionDeprecated: Rule = {
    id: "flink-version-deprecated",
    kinds: ["FlinkDeployment"],
    severity: "warning",
    source: "extra",
    description: "spec.flinkVersion is not deprecated (v1_15 to v1_18 still run but are on their way out).",
    check(ctx) {
        const version = ctx.get("spec.flinkVersion");
        if (DEPRECATED_FLINK_VERSIONS.includes(version)) {
            ctx.report("spec.flinkVersion", `Flink version ${version} is deprecated by the operator; plan an upgrade to ${RECOMMENDED} or newer.`);
        }
    },
};
