import { Rule } from "../engine";

export const ALLOWED_LOG_CONFIG_KEYS: readonly string[] = ["log4j-console.properties", "logback-console.xml"];

export const logConfigKey: Rule = {
    id: "log-config-key",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    description: `spec.logConfiguration keys are ${ALLOWED_LOG_CONFIG_KEYS.join(" or ")}.`,
    check(ctx) {
        const logConfig = ctx.get("spec.logConfiguration");
        if (logConfig === null || typeof logConfig !== "object" || Array.isArray(logConfig)) return;
        for (const key of Object.keys(logConfig)) {
            if (!ALLOWED_LOG_CONFIG_KEYS.includes(key)) {
                ctx.report("spec.logConfiguration", `Invalid log config key: ${key}. Allowed keys are [${ALLOWED_LOG_CONFIG_KEYS.join(", ")}]; rename it.`);
            }
        }
    },
};
