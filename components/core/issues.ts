/**
 * The one error model of the package, in the manner of zod's `ZodError.issues`: every check (the rule engine, the
 * components' own argument checks, the CLI, the policy pack) reports `Issue`s, and a refused component throws one
 * `FlinkValidationError` carrying all of them at once.
 */
export type Severity = "error" | "warning";

/** One problem found in a manifest or in a component's args. */
export interface Issue {
    /** Rule id, e.g. "checkpoint-dir-required"; the id of the check for a component's own argument checks. */
    rule: string;
    severity: Severity;
    /** Field path dotted from the document root ("spec.jobManager.replicas"), or the arg ("helm.values.replicas"). */
    path: string;
    /** What is wrong and what to set. */
    message: string;
    /** The kind checked: a Flink kind, "FlinkOperator", "AivenFlink", ... */
    kind: string;
    /** The resource's name (metadata.name, or the component's name). */
    name: string;
    namespace?: string;
    /** Where it came from (a file path for the CLI). */
    file?: string;
}

/** "spec.job.parallelism: Job parallelism must be larger than 0 ... [rule]" one per line, for errors and text output. */
export function formatIssues(issues: readonly Issue[]): string {
    return issues.map((f) => `${f.severity === "warning" ? "warning: " : ""}${f.path || "(document)"}: ${f.message} [${f.rule}]`).join("\n");
}

export function hasErrorIssues(issues: readonly Issue[]): boolean {
    return issues.some((f) => f.severity === "error");
}

/**
 * Thrown by every component whose args break a rule: every issue at once, each with its field path, before anything
 * is registered. It is a Pulumi `RunError` (the brand Pulumi's `RunError.isInstance` checks, so the SDK copy the
 * program loaded need not be ours): `pulumi up` prints the message alone, with no stack trace and no dump of the
 * object, as it does for Pulumi's own errors. core/ does not import @pulumi/pulumi, so the CLI stays light.
 */
export class FlinkValidationError extends Error {
    /** Every problem found, errors and warnings. */
    readonly issues: readonly Issue[];
    constructor(
        readonly kind: string,
        readonly resourceName: string,
        issues: readonly Issue[],
    ) {
        const errors = issues.filter((f) => f.severity === "error");
        super(
            `${kind} "${resourceName}" is invalid (${errors.length} error${errors.length === 1 ? "" : "s"}); fix these and run again:\n${formatIssues(errors).replace(/^/gm, "  ")}`,
        );
        this.name = "FlinkValidationError";
        this.issues = issues;
        Object.defineProperty(this, "__pulumiRunError", { value: true, enumerable: false });
        // What `pulumi up` would print anyway when a program catches and rethrows it: the message, not our frames.
        this.stack = `${this.name}: ${this.message}`;
    }

    /** @deprecated use `issues`. */
    get findings(): Issue[] {
        return [...this.issues];
    }
}

/** Throws a FlinkValidationError with one issue: for checks that cannot go on past their problem (an arg's shape). */
export function refuse(kind: string, name: string, path: string, rule: string, message: string): never {
    throw new FlinkValidationError(kind, name, [issue(kind, name, path, rule, message)]);
}

/** One issue of a component's own argument checks. */
export function issue(kind: string, name: string, path: string, rule: string, message: string, severity: Severity = "error"): Issue {
    return { rule, severity, path, message, kind, name };
}
