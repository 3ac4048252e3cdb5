import { Rule, RuleContext } from "../engine";
import { FlinkOptions, autoscalerOption } from "../../flink/config";
import { configBoolean } from "./util";

const UTILIZATION_TARGET_DEFAULT = 0.7;
const EXCLUDED_PERIODS = autoscalerOption("excluded.periods");

function autoscalerInScope(ctx: RuleContext): boolean {
    if (ctx.kind === "FlinkSessionJob" && ctx.sessionCluster() === undefined) return false;
    return configBoolean(ctx.config(FlinkOptions.autoscalerEnabled)) === true;
}

/** Reads a numeric autoscaler option (its key or legacy key); reports unparsable values. Undefined when unset or invalid. */
function numberOption(ctx: RuleContext, name: string): number | undefined {
    const { key } = autoscalerOption(name);
    const raw = ctx.config(autoscalerOption(name));
    if (raw === undefined) return undefined;
    const value = raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(value)) {
        ctx.report("spec.flinkConfiguration", `Invalid value in the autoscaler config ${key}: "${raw}" is not a number.`);
        return undefined;
    }
    return value;
}

export const autoscalerOptionRanges: Rule = {
    id: "autoscaler-option-ranges",
    kinds: ["FlinkDeployment", "FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "With job.autoscaler.enabled, the autoscaler's factors and utilisation bounds are numbers within their ranges.",
    check(ctx) {
        if (!autoscalerInScope(ctx)) return;
        const target = numberOption(ctx, "utilization.target");
        const effectiveTarget = target ?? UTILIZATION_TARGET_DEFAULT;
        const ranges: [string, number, number][] = [
            ["scale-down.max-factor", 0, Infinity],
            ["scale-up.max-factor", 0, Infinity],
            ["utilization.target", 0, 1],
            ["target.utilization.boundary", 0, Infinity],
            ["utilization.max", effectiveTarget, 1],
            ["utilization.min", 0, effectiveTarget],
            ["observed-scalability.coefficient-min", 0.01, 1],
        ];
        for (const [name, min, max] of ranges) {
            const value = name === "utilization.target" ? target : numberOption(ctx, name);
            if (value !== undefined && (value < min || value > max)) {
                ctx.report("spec.flinkConfiguration", `The AutoScalerOption ${autoscalerOption(name).key} is invalid, it should be a value within the range [${min}, ${max === Infinity ? "+Infinity" : max}]; it is ${value}.`);
            }
        }
    },
};

const DAILY = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*-\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/;
const CRON_FIELD = /^[0-9A-Za-z*?,/#\-]+$/;

function isDaily(expr: string): boolean {
    const m = DAILY.exec(expr);
    if (!m) return false;
    const ok = (h: string, min: string, s?: string) => Number(h) < 24 && Number(min) < 60 && (s === undefined || Number(s) < 60);
    return ok(m[1], m[2], m[3]) && ok(m[4], m[5], m[6]);
}

/** Quartz cron: 6 or 7 fields. Checks the shape, not every Quartz nuance. */
function isCron(expr: string): boolean {
    const fields = expr.trim().split(/\s+/);
    return (fields.length === 6 || fields.length === 7) && fields.every((f) => CRON_FIELD.test(f));
}

export const autoscalerExcludedPeriods: Rule = {
    id: "autoscaler-excluded-periods",
    kinds: ["FlinkDeployment", "FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "job.autoscaler.excluded.periods entries are a daily expression (9:30-10:50), a Quartz cron expression, or one of each joined by &&.",
    check(ctx) {
        if (!autoscalerInScope(ctx)) return;
        const raw = ctx.config(EXCLUDED_PERIODS);
        if (raw === undefined) return;
        for (const period of raw.split(";").map((p) => p.trim()).filter((p) => p !== "")) {
            const parts = period.split("&&").map((p) => p.trim());
            const hint = ` Use a daily expression such as 9:30-10:50 and/or a Quartz cron expression such as "* * 9-11 * * ?".`;
            if (parts.length > 2 || parts.some((p) => p === "")) {
                ctx.report("spec.flinkConfiguration", `Invalid value ${period} in the autoscaler config ${EXCLUDED_PERIODS.key}.${hint}`);
            } else if (parts.length === 2) {
                const daily = parts.filter(isDaily).length;
                const cron = parts.filter((p) => !isDaily(p) && isCron(p)).length;
                if (daily + cron < 2) ctx.report("spec.flinkConfiguration", `Invalid value ${period} in the autoscaler config ${EXCLUDED_PERIODS.key}, the value is neither a valid daily expression nor a valid cron expression.${hint}`);
                else if (daily !== 1) ctx.report("spec.flinkConfiguration", `Invalid value ${period} in the autoscaler config ${EXCLUDED_PERIODS.key}, the value can not be configured as dailyExpression && dailyExpression or cronExpression && cronExpression.${hint}`);
            } else if (!isDaily(parts[0]) && !isCron(parts[0])) {
                ctx.report("spec.flinkConfiguration", `Invalid value ${period} in the autoscaler config ${EXCLUDED_PERIODS.key}, the value is neither a valid daily expression nor a valid cron expression.${hint}`);
            }
        }
    },
};
