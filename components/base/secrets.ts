/**
 * Keeping secret values out of messages. Validation that waits for Outputs sees their resolved values, and a rule may
 * quote a value it refuses; when that value came from a secret Output, the message would carry it in clear. The
 * components therefore note which resolved leaf strings came from secrets and redact them from every finding,
 * warning and thrown error before anything is logged or thrown.
 */
import * as pulumi from "@pulumi/pulumi";

export const REDACTED = "[secret]";

/** Every string (and number, as text) inside a resolved value. */
function leafStrings(value: unknown, out: string[], seen = new Set<unknown>()): void {
    if (typeof value === "string") out.push(value);
    else if (typeof value === "number" || typeof value === "bigint") out.push(String(value));
    else if (value !== null && typeof value === "object" && !seen.has(value)) {
        seen.add(value);
        for (const k of Object.keys(value)) leafStrings((value as any)[k], out, seen);
    }
}

/**
 * The leaf strings of `input` that come from secret Outputs (at any depth), once they resolve. Plain values and
 * Promises are not secrets; an Output is judged as a whole (every leaf of a secret Output counts as secret).
 */
export function secretLeaves(input: unknown): pulumi.Output<string[]> {
    const parts: pulumi.Output<string[]>[] = [];
    const walk = (v: unknown, seen: Set<unknown>) => {
        if (v === null || typeof v !== "object" || seen.has(v)) return;
        seen.add(v);
        if (pulumi.Output.isInstance(v)) {
            const out = v as pulumi.Output<unknown>;
            parts.push(
                pulumi.all([pulumi.output(pulumi.isSecret(out)), pulumi.unsecret(out)]).apply(([secret, resolved]) => {
                    const leaves: string[] = [];
                    if (secret) leafStrings(resolved, leaves);
                    return leaves;
                }),
            );
            return;
        }
        if (typeof (v as any).then === "function" || pulumi.Resource.isInstance(v)) return;
        for (const k of Object.keys(v)) walk((v as any)[k], seen);
    };
    walk(input, new Set());
    if (parts.length === 0) return pulumi.output([] as string[]);
    return pulumi.unsecret(pulumi.all(parts).apply((lists) => lists.flat()));
}

/** The forms a secret may take inside a message: as it is, and escaped as JSON or JavaScript strings quote it. */
function forms(secret: string): string[] {
    const out = new Set<string>([secret]);
    out.add(JSON.stringify(secret).slice(1, -1));
    out.add(secret.replace(/[\\']/g, "\\$&"));
    return [...out].filter((f) => f !== "");
}

/** `text` with every occurrence of each secret (longest first) replaced by [secret]. */
export function redact(text: string, secrets: readonly string[]): string {
    if (secrets.length === 0 || text === "") return text;
    const all = [...new Set(secrets.flatMap(forms))].sort((a, b) => b.length - a.length);
    let out = text;
    for (const s of all) out = out.split(s).join(REDACTED);
    return out;
}

/** The error with secrets redacted from its message, stack and findings (mutated in place, returned for `throw`). */
export function redactError<E>(error: E, secrets: readonly string[]): E {
    if (secrets.length === 0 || error === null || typeof error !== "object") return error;
    const e = error as any;
    try {
        if (typeof e.message === "string") e.message = redact(e.message, secrets);
        if (typeof e.stack === "string") e.stack = redact(e.stack, secrets);
        if (Array.isArray(e.findings)) {
            for (const f of e.findings) if (f && typeof f.message === "string") f.message = redact(f.message, secrets);
        }
    } catch {
        // A frozen error: replace it.
        return new Error(redact(String(e.message ?? e), secrets)) as unknown as E;
    }
    return error;
}

/** Runs `f`, redacting the secrets from any error it throws. */
export function withRedaction<T>(secrets: readonly string[], f: () => T): T {
    try {
        return f();
    } catch (e) {
        throw redactError(e, secrets);
    }
}

/** Whether `value` holds, at any depth, one of the secret strings. */
function holdsSecret(value: unknown, secrets: ReadonlySet<string>, seen = new Set<unknown>()): boolean {
    if (typeof value === "string") return secrets.has(value);
    if (typeof value === "number") return secrets.has(String(value));
    if (value === null || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    for (const k of Object.keys(value)) if (holdsSecret((value as any)[k], secrets, seen)) return true;
    return false;
}

/**
 * The value a finding's path names in `doc`, or (when the path goes where the walk cannot follow, such as a dotted
 * configuration key) the deepest value it reaches: deciding on the enclosing value errs towards withholding.
 */
function valueAtPath(doc: unknown, path: string): unknown {
    const parts = path
        .split(/\.|\[|\]/)
        .filter((p) => p !== "")
        .map((p) => p.replace(/^["']|["']$/g, ""));
    let cur: any = doc;
    for (let i = 0; i < parts.length; i++) {
        if (cur === null || typeof cur !== "object") return cur;
        // Keys that contain dots (flinkConfiguration's): try the longest joined key first.
        let found = false;
        for (let j = parts.length; j > i; j--) {
            const key = parts.slice(i, j).join(".");
            if (Object.prototype.hasOwnProperty.call(cur, key)) {
                cur = cur[key];
                i = j - 1;
                found = true;
                break;
            }
        }
        if (!found) return cur;
    }
    return cur;
}

/**
 * Findings with secrets kept out: a finding about a value that came from a secret has its message withheld (a rule
 * may quote the value transformed: cut at a space, masked in part, percent-encoded; none of it may show), the others
 * have secret strings redacted. `doc` is the resolved document the finding paths point into.
 */
export function redactFindings<F extends { path: string; message: string; rule: string }>(
    findings: readonly F[],
    secrets: readonly string[],
    doc: unknown,
): F[] {
    if (secrets.length === 0) return [...findings];
    const set = new Set(secrets);
    return findings.map((f) =>
        holdsSecret(valueAtPath(doc, f.path), set)
            ? {
                  ...f,
                  message: `the value here comes from a secret and breaks rule ${f.rule}; the rule's message is withheld because it would quote it (see the rule's description in the README).`,
              }
            : { ...f, message: redact(f.message, secrets) },
    );
}
