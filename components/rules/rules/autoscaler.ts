import { Rule, RuleContext } from "../engine";
import { FlinkOptions, autoscalerOption } from "../../core/flink/config";
import { configBoolean } from "./util";
import { javaSplit, javaStrip } from "../../core/java/lang";
import { quartzCronError } from "../../core/quartz/cron";
import { quartzDailyError } from "../../core/quartz/daily";
import { splitFlinkList } from "../../core/java/flink-list";

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

/**
 * A double as Java's Double.toString writes it, as the operator's message prints the range bounds: 0.0, 1.0, 0.01,
 * 1.0E-4, 1.0E7 (the e2e suite compares the real webhook's message with this one).
 */
function javaDouble(x: number): string {
    const abs = Math.abs(x);
    if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) {
        const [mantissa, exponent] = x.toExponential().split("e");
        return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
    }
    return Number.isInteger(x) ? `${x}.0` : String(x);
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
                ctx.report(
                    "spec.flinkConfiguration",
                    `The AutoScalerOption ${autoscalerOption(name).key} is invalid, it should be a value within the range [${javaDouble(min)}, ${max === Infinity ? "+Infinity" : javaDouble(max)}]; it is ${value}.`,
                );
            }
        }
    },
};

const PERIOD_HINT = ` Use a daily period such as 9:30-10:50 (start before end, within one day) and/or a Quartz cron expression such as "* * 9-11 * * ?" (seconds minutes hours day-of-month month day-of-week [year], exactly one of the two day fields "?").`;

/**
 * Why one excluded-period expression is refused, as the operator's CalendarUtils.validateExcludedExpression decides:
 * split on "&&" (at most two parts), each part stripped and tried as a Quartz DailyCalendar and as a Quartz
 * CronCalendar; two parts must be one of each. Undefined when accepted.
 */
export function excludedPeriodError(expression: string): string | undefined {
    const key = EXCLUDED_PERIODS.key;
    const parts = javaSplit(expression, "&&");
    if (parts.length > 2) return `Invalid value ${expression} in the autoscaler config ${key}: at most one "&&" joins a daily period and a cron expression.`;
    let daily = false;
    let cron = false;
    for (const raw of parts) {
        const part = javaStrip(raw);
        const dailyError = quartzDailyError(part);
        const cronError = quartzCronError(part);
        daily = daily || dailyError === undefined;
        cron = cron || cronError === undefined;
        if (dailyError !== undefined && cronError !== undefined) {
            const reason = dailyError.notDaily ? `as a cron expression: ${cronError}` : `as a daily period: ${dailyError.reason}`;
            return `Invalid value ${expression} in the autoscaler config ${key}, the value is neither a valid daily expression nor a valid cron expression ("${part}" ${reason}).`;
        }
    }
    if (parts.length === 2 && (!daily || !cron)) {
        return `Invalid value ${expression} in the autoscaler config ${key}, the value can not be configured as dailyExpression && dailyExpression or cronExpression && cronExpression.`;
    }
    return undefined;
}

export const autoscalerExcludedPeriods: Rule = {
    id: "autoscaler-excluded-periods",
    kinds: ["FlinkDeployment", "FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description:
        "job.autoscaler.excluded.periods (a ;-separated Flink list) holds daily periods (9:30-10:50, start before end) and Quartz cron expressions (* * 9-11 * * ?) as Quartz 2.4 parses them, at most one of each joined by &&.",
    check(ctx) {
        if (!autoscalerInScope(ctx)) return;
        const raw = ctx.config(EXCLUDED_PERIODS);
        if (raw === undefined) return;
        let expressions: string[];
        try {
            expressions = splitFlinkList(raw);
        } catch (err) {
            ctx.report(
                "spec.flinkConfiguration",
                `The autoscaler config ${EXCLUDED_PERIODS.key} cannot be read as a list: ${(err as Error).message} Separate periods with ";" and close every quote.`,
            );
            return;
        }
        for (const expression of expressions) {
            const error = excludedPeriodError(expression);
            if (error !== undefined) ctx.report("spec.flinkConfiguration", error + PERIOD_HINT);
        }
    },
};
