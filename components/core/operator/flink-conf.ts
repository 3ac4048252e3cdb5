/**
 * The operator's configuration file as text: the legacy flat flink-conf.yaml (`key: value` lines, no quoting) and
 * the standard-YAML config.yaml, read as Flink reads them and written so that no value can add or hide a key.
 * Used by the FlinkOperator component (which writes the chart's file) and the flink-operator-ha policy (whose
 * remediation writes leader election into a release's values).
 */
import * as yaml from "js-yaml";
import { parseLegacyFlinkConf } from "../flink/config";
import { isPlainObject } from "../values";

/** `key: value` lines of a flat flink-conf.yaml, as Flink reads them. */
export function parseFlatConf(text: string | undefined): Map<string, string> {
    return new Map(Object.entries(parseLegacyFlinkConf(text ?? "")));
}

/**
 * `key: value` pairs of a standard-YAML config.yaml, nested maps flattened to dotted keys as Flink reads them (lists
 * joined with ";"). `{ problem }` when the text is not YAML or not a map: the problem says which.
 */
export function parseStandardConf(text: string | undefined): { conf: Map<string, string> } | { problem: string } {
    const conf = new Map<string, string>();
    let doc: unknown;
    try {
        doc = yaml.load(text ?? "");
    } catch (e) {
        return { problem: `is not valid YAML: ${(e as Error).message.split("\n")[0]}` };
    }
    if (doc === undefined || doc === null) return { conf };
    if (!isPlainObject(doc)) return { problem: "must be a YAML map of configuration keys." };
    const walk = (prefix: string, node: { [key: string]: unknown }) => {
        for (const [k, v] of Object.entries(node)) {
            const key = prefix ? `${prefix}.${k}` : k;
            if (isPlainObject(v)) walk(key, v);
            else conf.set(key, Array.isArray(v) ? v.join(";") : String(v));
        }
    };
    walk("", doc);
    return { conf };
}

/** The key a line of a legacy flink-conf.yaml sets, read as parseLegacyFlinkConf (and Flink) reads it; undefined for none. */
function legacyLineKey(line: string): string | undefined {
    const content = line.split("#", 1)[0].trim();
    const sep = content.indexOf(": ");
    if (sep <= 0) return undefined;
    const key = content.slice(0, sep).trim();
    return key === "" ? undefined : key;
}

/** Whitespace as either JavaScript's trim or Java's String.trim (every char up to U+0020) removes it. */
function trimmable(c: string): boolean {
    return c <= " " || c.trim() === "";
}

/**
 * Why `key: value` cannot be one line of a legacy flink-conf.yaml that Flink reads back as exactly this key and value
 * (undefined when it can). The format has no quoting or escaping: Flink splits lines (\n, \r), cuts each at the
 * first "#", splits it at the first ": " and trims both sides; so a line break or "#" anywhere, ": " in a key, an
 * empty key or value, or surrounding whitespace would change what is read (a line break would even add keys).
 */
export function legacyConfProblem(key: string, value: string): string | undefined {
    const why: string[] = [];
    const check = (what: string, s: string, isKey: boolean) => {
        if (/[\r\n]/.test(s)) why.push(`its ${what} contains a line break`);
        if (s.includes("#")) why.push(`its ${what} contains "#", which starts a comment there`);
        if (isKey && s.includes(": ")) why.push(`its key contains ": ", which ends a key there`);
        if (s === "") why.push(`its ${what} is empty (Flink skips such a line)`);
        else if (trimmable(s[0]) || trimmable(s[s.length - 1])) why.push(`its ${what} starts or ends with whitespace, which Flink trims`);
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029]/.test(s)) why.push(`its ${what} contains a control or line-separator character`);
    };
    check("key", key, true);
    check("value", value, false);
    return why.length ? why.join("; ") : undefined;
}

/**
 * `base` without lines setting any of `keys`, then one `key: value` line per entry, under a comment naming `setBy`.
 * Throws for an entry that cannot be written (see legacyConfProblem): callers check entries first and report them.
 */
export function renderFlatConf(base: string, entries: Map<string, string>, setBy = "the FlinkOperator component (pulumi-flink)"): string {
    if (entries.size === 0) return base;
    for (const [k, v] of entries) {
        const problem = legacyConfProblem(k, v);
        if (problem !== undefined) throw new Error(`configuration key ${JSON.stringify(k)} cannot be written to flink-conf.yaml: ${problem}.`);
    }
    const kept = base.split(/\r\n|\r|\n/).filter((line) => {
        const key = legacyLineKey(line);
        return key === undefined || !entries.has(key);
    });
    while (kept.length > 0 && kept[kept.length - 1].trim() === "") kept.pop();
    const lines = [...kept, "", `# Set by ${setBy}`];
    for (const [k, v] of entries) lines.push(`${k}: ${v}`);
    return lines.join("\n") + "\n";
}

/** A standard-YAML config.yaml holding `entries` (one flat `key: value` each), under a comment naming its sources. */
export function renderStandardConf(entries: Map<string, string>, source: string): string {
    return `# Written by the FlinkOperator component (pulumi-flink) from ${source} and its typed settings\n${yaml.dump(Object.fromEntries(entries), { lineWidth: -1 })}`;
}
