/**
 * Arg-based equivalents of the resource options that hold components (`operator`, `deployment`, `service`), for
 * languages that reach the components through the component provider, where args are data and options cannot hold
 * a component: `operatorUrn`, `deploymentUrn`, `serviceUrn` take the `urn` of a component of the same program.
 *
 * Every construct of one program runs in one provider process, so a URN names a component instance living here.
 * This module maps URNs back to those instances:
 *  - the component's own `urn` Output (what TypeScript programs pass) is found synchronously, by identity;
 *  - a URN string is found once the component's URN has resolved (the provider's construct resolves an Output URN
 *    to its string before building the component: see resolveReferenceArgs).
 * The component then behaves exactly as if the instance had been given as the option.
 */
import * as pulumi from "@pulumi/pulumi";
import { programScoped } from "./program-scope";
import { refuse } from "../core/issues";

/** The kinds of component another component can name by URN. */
export type ReferenceKind = "FlinkOperator" | "FlinkDeployment" | "AivenFlink";

/** The args that name a component by URN, the kind each must name, and the TypeScript option it stands for. */
export const REFERENCE_ARGS: { readonly [arg: string]: { kind: ReferenceKind; option: string } } = {
    operatorUrn: { kind: "FlinkOperator", option: "operator" },
    deploymentUrn: { kind: "FlinkDeployment", option: "deployment" },
    serviceUrn: { kind: "AivenFlink", option: "service" },
};

interface Entry {
    kind: ReferenceKind;
    component: pulumi.ComponentResource;
}

/** Components by their own `urn` Output (identity). */
const byUrnOutput = new WeakMap<object, Entry>();
/**
 * Per program run (see ./program-scope.ts): components by resolved URN, and those whose URN string is not filed yet
 * (resolved only when a URN string is looked up). An inline program's preview and update have the same URNs: a
 * process-wide map would hand the update the preview's instances.
 */
const referenceTargets = programScoped("reference-targets", () => ({ byUrn: new Map<string, Entry>(), pending: [] as Entry[] }));

/** The value of an Output (undefined when not known, e.g. at preview), through the SDK's promise when it has one. */
async function outputValue<T>(output: pulumi.Output<T>): Promise<T | undefined> {
    const o = output as unknown as { promise?: () => Promise<T>; isKnown?: Promise<boolean> };
    if (typeof o.promise === "function") {
        const [value, known] = await Promise.all([o.promise(), o.isKnown ?? Promise.resolve(true)]);
        return known ? value : undefined;
    }
    // Fallback for SDKs without the (internal) promise(): apply runs on known values only, and a URN is always
    // known once its resource is registered (at preview too).
    return new Promise<T | undefined>((resolve) => {
        output.apply((v) => {
            resolve(v);
            return v;
        });
    });
}

/**
 * Records a component that others may name by URN. Call right after `super(...)`. Cheap: the URN string is read
 * only when some component is given one (settleReferenceTargets); awaiting every component's URN up front cost a
 * program of 1,000 FlinkDeployments a fifth of its time.
 */
export function registerReferenceTarget(kind: ReferenceKind, component: pulumi.ComponentResource): void {
    const entry: Entry = { kind, component };
    byUrnOutput.set(component.urn, entry);
    referenceTargets().pending.push(entry);
}

/** Files every registered component under its resolved URN string, so string URNs can be looked up synchronously. */
export async function settleReferenceTargets(): Promise<void> {
    const targets = referenceTargets();
    while (targets.pending.length > 0) {
        const batch = targets.pending;
        targets.pending = [];
        const urns = await Promise.all(batch.map((e) => outputValue(e.component.urn).catch(() => undefined)));
        batch.forEach((entry, i) => {
            const urn = urns[i];
            if (typeof urn === "string") targets.byUrn.set(urn, entry);
        });
    }
}

/** The type token in a URN (`urn:pulumi:stack::project::parent$type::name` -> type), or undefined. */
function urnType(urn: string): string | undefined {
    const parts = urn.split("::");
    if (!urn.startsWith("urn:pulumi:") || parts.length < 4) return undefined;
    const qualified = parts[2];
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** One line that says what to pass instead. */
function howTo(arg: string, kind: ReferenceKind, option: string): string {
    const example = kind === "FlinkOperator" ? "operator" : kind === "FlinkDeployment" ? "sessions" : "service";
    return `Pass the \`urn\` output of ${a(kind)} declared in the same program (e.g. ${arg}: ${example}.urn; in Python ${snake(arg)}=${example}.urn), or leave ${arg} unset. TypeScript programs can give the ${kind} itself as the \`${option}\` resource option instead.`;
}

/** "a FlinkOperator", "an AivenFlink". */
function a(kind: string): string {
    return `${/^[AEIOU]/.test(kind) ? "an" : "a"} ${kind}`;
}

function snake(name: string): string {
    return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Refuses a reference arg; `who` is how messages name the component (`FlinkSessionJob "clicks"`). */
function refuseReference(who: string, arg: string, message: string): never {
    const m = /^(\S+) "(.*)"$/.exec(who);
    return refuse(m ? m[1] : who, m ? m[2] : who, arg, "component-reference", message);
}

/**
 * The component named by a reference arg, or the option's value when the arg is unset. Throws a clear error when
 * both are given, or when the URN is not that of a component of the right kind in this program.
 *
 * @param who How messages name the component being built, e.g. `FlinkSessionJob "clicks"`.
 */
export function resolveReference<T extends pulumi.ComponentResource>(
    who: string,
    arg: keyof typeof REFERENCE_ARGS & string,
    urn: pulumi.Input<string> | undefined,
    option: T | undefined,
): T | undefined {
    const { kind, option: optionName } = REFERENCE_ARGS[arg];
    if (urn === undefined || urn === null) return option;
    if (option !== undefined) {
        refuseReference(who, arg, `both the \`${optionName}\` option and ${arg} are given; they name the same ${kind}: keep one of them.`);
    }
    let entry: Entry | undefined;
    if (pulumi.Output.isInstance(urn)) {
        entry = byUrnOutput.get(urn);
        if (entry === undefined) {
            refuseReference(
                who,
                arg,
                `${arg} is an Output that is not the \`urn\` of ${a(kind)} built in this program (or is derived from one, which cannot be resolved while the component is built). ${howTo(arg, kind, optionName)}`,
            );
        }
    } else if (typeof urn === "string") {
        entry = referenceTargets().byUrn.get(urn);
        if (entry === undefined) {
            const type = urnType(urn);
            const what =
                type === undefined
                    ? `"${urn}" is not a Pulumi URN`
                    : type === `flink:index:${kind}`
                      ? `no ${kind} with URN "${urn}" was built in this program (yet)`
                      : `"${urn}" is the URN of a ${type}, not of ${a(kind)}`;
            refuseReference(who, arg, `${what}. ${howTo(arg, kind, optionName)}`);
        }
    } else {
        refuseReference(who, arg, `${arg} must be a URN string or Output, got ${typeof urn}. ${howTo(arg, kind, optionName)}`);
    }
    if (entry.kind !== kind) {
        refuseReference(who, arg, `${arg} is the URN of ${a(entry.kind)}, not of ${a(kind)}. ${howTo(arg, kind, optionName)}`);
    }
    return entry.component as T;
}

/**
 * For the component provider, before a component is built: the reference args of `inputs` with Output URNs
 * resolved to their strings (the component then finds the instance synchronously). Other inputs are untouched.
 * A URN not known yet (only possible when it was computed, not passed) is a clear error.
 */
export async function resolveReferenceArgs(type: string, name: string, inputs: { [key: string]: unknown }): Promise<{ [key: string]: unknown }> {
    let out = inputs;
    for (const arg of Object.keys(REFERENCE_ARGS)) {
        const value = inputs?.[arg];
        if (value === undefined || value === null || typeof value === "string") continue;
        let urn: unknown;
        if (pulumi.Output.isInstance(value)) urn = await outputValue(value as pulumi.Output<unknown>);
        else if (value instanceof Promise) urn = await value;
        else urn = value;
        if (urn === undefined) {
            const { kind, option } = REFERENCE_ARGS[arg];
            refuse(type.split(":").pop() ?? type, name, arg, "component-reference", `${arg} is not known at this point. ${howTo(arg, kind, option)}`);
        }
        if (out === inputs) out = { ...inputs };
        out[arg] = urn;
    }
    const named = Object.keys(REFERENCE_ARGS).some((arg) => typeof out?.[arg] === "string");
    if (named) await settleReferenceTargets();
    return out;
}
