/**
 * pulumi-flink: the command line. `pulumi-flink validate [--json] [--strict] <file|dir>...` checks Flink
 * manifests with the same rule engine as the components, for GitOps repositories' pre-commit hooks and CI.
 */
import { parseArgs } from "util";
import { Finding, kindOf, validate } from "../rules";
import { loadManifests, loadOperatorConfig } from "./load";

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const USAGE = `Usage: pulumi-flink validate [--json] [--strict] [--jar-schemes <s1,s2>] [--allow-restricted-hosts] [--complete-set] [--operator-config <file>] <file|dir>...

Validates every FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot and FlinkBlueGreenDeployment
(its template with every FlinkDeployment rule) in the given YAML files (multi-document; directories
are searched recursively for *.yaml and *.yml) with the rules the Flink Kubernetes Operator
enforces, the CRD schema, and common production mistakes; and every
Aiven for Apache Flink service of the Aiven operator (aiven.io/v1alpha1 Flink) with the rules of
AivenFlink (its CRD's schema, Aiven's limits, its webhook's refusals).

Options:
  --json                one JSON array of {file, kind, name, path, rule, severity, message}
  --strict              warnings fail too
  --jar-schemes <list>  URI schemes your operator allows for session job jars (default: https, or
                        what --operator-config sets)
  --allow-restricted-hosts
                        session job jars may come from loopback, private, link-local, any and
                        multicast addresses (your operator sets
                        kubernetes.operator.user.artifacts.disallow-restricted-hosts: false)
  --complete-set        the files hold every Flink resource there is: a FlinkStateSnapshot whose
                        target is not among them is an error, as the webhook refuses it
  --operator-config <file>
                        your operator's default configuration (the chart's defaultConfiguration
                        flink-conf.yaml or config.yaml): the operator lays it under every spec, so
                        a directory set there is not reported missing. Default: specs only (stricter)
  -h, --help            this help
  -v, --version         the package version

Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage error or unreadable input.`;

export interface Io {
    out: (text: string) => void;
    err: (text: string) => void;
}

interface Row {
    file: string;
    kind: string | null;
    name: string | null;
    path: string;
    rule: string;
    severity: "error" | "warning";
    message: string;
}

/**
 * Text safe to print on a terminal: control characters (ESC, CR, backspace, ...), C1 controls and the Unicode
 * line separators and bidirectional overrides that can rewrite what a terminal shows are written as escapes. A
 * manifest's names and values reach the output, and a name must not be able to erase a line and print "all good".
 */
export function printable(text: string): string {
    return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\n(?!$)/g, (c) =>
        c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

function row(f: Finding): Row {
    return { file: f.file ?? "", kind: f.kind, name: f.name, path: f.path, rule: f.rule, severity: f.severity, message: f.message };
}

export function runValidate(argv: string[], io: Io): number {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                json: { type: "boolean", default: false },
                strict: { type: "boolean", default: false },
                "jar-schemes": { type: "string" },
                "operator-config": { type: "string" },
                "allow-restricted-hosts": { type: "boolean", default: false },
                "complete-set": { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
        });
    } catch (err) {
        io.err(`pulumi-flink validate: ${(err as Error).message}\n\n${USAGE}\n`);
        return EXIT.usage;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        io.out(USAGE + "\n");
        return EXIT.ok;
    }
    if (positionals.length === 0) {
        io.err(`pulumi-flink validate: name at least one file or directory.\n\n${USAGE}\n`);
        return EXIT.usage;
    }
    const allowedJarSchemes = values["jar-schemes"]
        ?.split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    let defaultConfiguration: { [key: string]: unknown } | undefined;
    if (values["operator-config"] !== undefined) {
        try {
            defaultConfiguration = loadOperatorConfig(values["operator-config"]);
        } catch (err) {
            io.err(`pulumi-flink validate: --operator-config: ${(err as Error).message}\n`);
            return EXIT.usage;
        }
    }

    const { documents, files, problems, notices } = loadManifests(positionals);
    const disallowRestrictedHosts = values["allow-restricted-hosts"] ? false : undefined;
    const completeSet = values["complete-set"];
    const { findings } = validate(documents, { allowedJarSchemes, defaultConfiguration, disallowRestrictedHosts, completeSet });
    const rows: Row[] = [
        ...problems.map((p): Row => ({ file: p.file, kind: null, name: null, path: "", rule: "unreadable-input", severity: "error", message: p.message })),
        ...findings.map(row),
        ...notices.map((n): Row => ({ file: n.file, kind: null, name: null, path: "", rule: "skipped-input", severity: "warning", message: n.message })),
    ];

    if (values.json) {
        io.out(JSON.stringify(rows, null, 2) + "\n");
    } else {
        for (const r of rows) {
            const where = r.kind ? `${r.kind}/${r.name}: ${r.path || "(document)"}: ` : "";
            io.out(printable(`${r.file}: ${where}${r.severity === "warning" ? "warning: " : ""}${r.message}${r.kind ? ` [${r.rule}]` : ""}`) + "\n");
        }
        const checked = documents.filter((d) => kindOf(d.doc) !== undefined).length;
        const errors = findings.filter((f) => f.severity === "error").length;
        const warnings = findings.length - errors;
        const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
        io.err(
            `${plural(checked, "Flink resource")} in ${plural(files.length, "file")}: ${plural(errors, "error")}, ${plural(warnings, "warning")}${problems.length ? `, ${plural(problems.length, "unreadable input")}` : ""}${notices.length ? `, ${notices.length} skipped` : ""}\n`,
        );
    }

    if (problems.length > 0) return EXIT.usage;
    const failing = findings.some((f) => f.severity === "error" || values.strict) || (values.strict && notices.length > 0);
    return failing ? EXIT.findings : EXIT.ok;
}

export function main(argv: string[], io: Io): number {
    const [command, ...rest] = argv;
    if (command === "validate") return runValidate(rest, io);
    if (command === "-v" || command === "--version") {
        io.out(`${require("../../../package.json").version}\n`);
        return EXIT.ok;
    }
    if (command === "-h" || command === "--help" || command === "help") {
        io.out(USAGE + "\n");
        return EXIT.ok;
    }
    io.err(`pulumi-flink: ${command ? `unknown command "${command}"` : "no command given"}.\n\n${USAGE}\n`);
    return EXIT.usage;
}
