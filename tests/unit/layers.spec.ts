/**
 * The import direction of the architecture (README "Architecture"): folders under components/ only import downwards.
 *
 *   core  <-  rules  <-  base  <-  flink, operator, aiven  <-  provider
 *
 * - a folder may always import its own files;
 * - core/ imports nothing else from components/; rules/ imports core; base/ imports core and rules;
 * - flink/, operator/ and aiven/ import core, rules and base; flink may also import operator's index.ts (its `operator`
 *   option); operator and aiven import neither flink nor each other;
 * - provider/ may import anything under components/;
 * - cli/ and policies/ import only public entry points: components/index.ts, core/index.ts, rules/index.ts and the
 *   components' index.ts files (flink, operator, aiven), never a file inside another layer;
 * - components/index.ts (the public API) and the root index.ts may import anything.
 *
 * Every import counts: `import`, `import type`, `export ... from`, `require(...)`, `import(...)` and `typeof import(...)`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../../..");

/**
 * Imports that break the rules today, being fixed in issue 13 (the restructuring runs during this session). This list may
 * only shrink: a new violation fails, and so does an entry here that no longer occurs (delete it). Each entry is
 * "<importing file> -> <imported file>", paths from the repository root.
 */
const ALLOWLIST: string[] = [
    // ALLOWLIST-BEGIN (empty since issue 13: every folder imports by the rules)
    // ALLOWLIST-END
];

type Layer = "core" | "rules" | "base" | "flink" | "operator" | "aiven" | "provider" | "cli" | "policies" | "api" | "root" | "other";

const COMPONENT_LAYERS = ["core", "rules", "base", "flink", "operator", "aiven", "provider", "cli"];

/** The layer a file (repository-relative, forward slashes) belongs to. */
export function layerOf(file: string): Layer {
    if (file === "index.ts") return "root";
    if (file === "components/index.ts") return "api";
    if (file.startsWith("policies/")) return "policies";
    const m = /^components\/([^/]+)\//.exec(file);
    if (m && COMPONENT_LAYERS.includes(m[1])) return m[1] as Layer;
    return "other";
}

/** The layers each layer may import besides itself (provider, api and root: everything under components/). */
const BELOW: Record<string, Layer[]> = {
    core: [],
    rules: ["core"],
    base: ["core", "rules"],
    flink: ["core", "rules", "base"],
    operator: ["core", "rules", "base"],
    aiven: ["core", "rules", "base"],
};

/** The public entry points cli/ and policies/ may import. */
const PUBLIC_ENTRIES = new Set([
    "components/index.ts",
    "components/core/index.ts",
    "components/rules/index.ts",
    "components/flink/index.ts",
    "components/operator/index.ts",
    "components/aiven/index.ts",
]);

/** Why `from` may not import `to`, or undefined when it may. Imports outside components/, policies/ and index.ts are not checked. */
export function breaks(from: string, to: string): string | undefined {
    const a = layerOf(from);
    const b = layerOf(to);
    if (b === "other" || b === "root") return b === "root" && a !== "root" ? "nothing imports the root index.ts" : undefined;
    if (a === b) return undefined;
    switch (a) {
        case "root":
        case "api":
            return undefined;
        case "provider":
            return b === "policies" ? "provider imports components/ only, not the policy pack" : undefined;
        case "cli":
        case "policies":
            return PUBLIC_ENTRIES.has(to)
                ? undefined
                : `${a} imports only public entry points (components/index.ts, core, rules, flink, operator, aiven index.ts)`;
        case "flink":
            if (to === "components/operator/index.ts") return undefined;
            if (b === "operator") return "flink imports only operator's index.ts";
            break;
        case "other":
            return undefined;
    }
    const allowed = BELOW[a] ?? [];
    if (allowed.includes(b)) return undefined;
    return `${a} imports ${b === "api" ? "components/index.ts" : b} (${a} may import ${allowed.length ? allowed.join(", ") : "nothing else from components/"})`;
}

/** Every module specifier a TypeScript source names: imports, import type, re-exports, require(), import() and typeof import(). */
export function specifiers(fileName: string, text: string): string[] {
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const out: string[] = [];
    const literal = (n: ts.Node | undefined) => {
        if (n && ts.isStringLiteralLike(n)) out.push(n.text);
    };
    const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
        else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) literal(node.moduleReference.expression);
        else if (ts.isCallExpression(node)) {
            const callee = node.expression;
            if ((ts.isIdentifier(callee) && callee.text === "require") || callee.kind === ts.SyntaxKind.ImportKeyword) literal(node.arguments[0]);
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal);
        ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
}

/** The repository file a relative specifier names (x.ts, x/index.ts, x.json, ...), or undefined for a package. */
function resolve(fromFile: string, spec: string): string | undefined {
    if (!spec.startsWith(".")) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
    for (const candidate of [base, `${base}.ts`, `${base}.d.ts`, `${base}/index.ts`, base.replace(/\.js$/, ".ts")]) {
        const abs = path.join(ROOT, candidate);
        if (fs.existsSync(abs) && fs.statSync(abs).isFile()) return candidate;
    }
    return base; // a file that does not exist: the compiler reports it; classified by its path all the same
}

function tsFiles(dir: string): string[] {
    const abs = path.join(ROOT, dir);
    if (!fs.existsSync(abs)) return [];
    return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) return tsFiles(rel);
        return e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
    });
}

/** The import graph of the checkout: importing file -> the repository files it imports. */
export function importGraph(): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    for (const file of ["index.ts", ...tsFiles("components"), ...tsFiles("policies")]) {
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        const targets = specifiers(file, text)
            .map((s) => resolve(file, s))
            .filter((t): t is string => t !== undefined);
        graph.set(file, [...new Set(targets)]);
    }
    return graph;
}

interface Violation {
    edge: string;
    why: string;
}

export function violations(graph: Map<string, string[]>): Violation[] {
    const out: Violation[] = [];
    for (const [from, targets] of graph) {
        for (const to of targets) {
            const why = breaks(from, to);
            if (why) out.push({ edge: `${from} -> ${to}`, why });
        }
    }
    return out.sort((x, y) => x.edge.localeCompare(y.edge));
}

/** New violations (not allowlisted) and stale allowlist entries (no longer occurring). */
export function compare(found: Violation[], allowlist: string[]): { added: Violation[]; stale: string[] } {
    const edges = new Set(found.map((v) => v.edge));
    const allowed = new Set(allowlist);
    return { added: found.filter((v) => !allowed.has(v.edge)), stale: allowlist.filter((e) => !edges.has(e)) };
}

function table(rows: Violation[]): string {
    const width = Math.max(...rows.map((r) => r.edge.length), "import".length);
    return [`  ${"import".padEnd(width)}  rule`, ...rows.map((r) => `  ${r.edge.padEnd(width)}  ${r.why}`)].join("\n");
}

describe("layers: imports only point down (README: Architecture)", () => {
    const graph = importGraph();
    const found = violations(graph);

    it("reads the whole tree: every layer has files, and imports between them are seen", () => {
        const layers = new Set([...graph.keys()].map(layerOf));
        for (const l of ["core", "rules", "base", "flink", "operator", "aiven", "provider", "cli", "policies", "api", "root"]) {
            assert.ok(layers.has(l as Layer), `no file of layer ${l} was found under ${ROOT}`);
        }
        const crossLayer = [...graph].flatMap(([from, tos]) => tos.filter((to) => layerOf(to) !== layerOf(from)));
        assert.ok(crossLayer.length > 20, `only ${crossLayer.length} imports across layers were found: the scan misses imports`);
    });

    it("no folder imports against the layer rules (beyond the allowlist, which only shrinks)", function () {
        const { added, stale } = compare(found, ALLOWLIST);
        const allowlisted = found.filter((v) => ALLOWLIST.includes(v.edge));
        if (allowlisted.length) console.log(`    ${allowlisted.length} allowlisted import(s) still to fix (issue 13):\n${table(allowlisted)}`);
        const problems: string[] = [];
        if (added.length) problems.push(`${added.length} import(s) against the layer rules:\n${table(added)}`);
        if (stale.length)
            problems.push(
                `${stale.length} allowlisted import(s) no longer occur: delete them from ALLOWLIST in tests/unit/layers.spec.ts:\n${stale.map((e) => `  ${e}`).join("\n")}`,
            );
        assert.ok(problems.length === 0, problems.join("\n\n"));
    });

    it("the allowlist names each import once", () => {
        assert.strictEqual(new Set(ALLOWLIST).size, ALLOWLIST.length);
    });
});

describe("layers: the check itself", () => {
    it("finds every form of import in a source", () => {
        const text = [
            `import * as a from "./a";`,
            `import type { B } from "../b";`,
            `import "./c";`,
            `export * from "./d";`,
            `export { e } from "./e";`,
            `import f = require("./f");`,
            `function g() { return require("./g") as typeof import("./h"); }`,
            `async function i() { return import("./i"); }`,
            `let j: import("./j").J;`,
            `const notAnImport = "./k";`,
        ].join("\n");
        assert.deepStrictEqual(specifiers("x.ts", text).sort(), ["../b", "./a", "./c", "./d", "./e", "./f", "./g", "./h", "./i", "./j"]);
    });

    it("a synthetic graph: every upward or sideways import is a violation, every downward one is not", () => {
        const graph = new Map<string, string[]>([
            // allowed
            ["components/rules/engine.ts", ["components/core/unknown.ts", "components/rules/registry.ts"]],
            ["components/base/references.ts", ["components/core/issues.ts", "components/rules/index.ts"]],
            ["components/flink/deployment.ts", ["components/operator/index.ts", "components/base/secrets.ts", "components/core/flink/types.ts"]],
            ["components/aiven/flink.ts", ["components/rules/engine.ts", "components/base/references.ts"]],
            ["components/provider/host.ts", ["components/flink/resource.ts", "components/operator/values.ts"]],
            ["components/cli/main.ts", ["components/rules/index.ts", "components/core/index.ts", "components/cli/load.ts"]],
            ["policies/flink.ts", ["components/index.ts", "components/operator/index.ts", "policies/common.ts"]],
            ["components/index.ts", ["components/rules/engine.ts"]],
            ["index.ts", ["components/index.ts", "policies/index.ts"]],
            ["components/provider/schema.ts", ["components/index.ts", "components/aiven/validate.ts"]],
            // each a violation
            ["components/core/unknown.ts", ["components/rules/engine.ts"]],
            ["components/rules/rules/jar-uri.ts", ["components/flink/config.ts"]],
            ["components/base/secrets.ts", ["components/flink/resource.ts"]],
            ["components/flink/resource.ts", ["components/operator/values.ts"]],
            ["components/operator/operator.ts", ["components/flink/index.ts"]],
            ["components/aiven/applications.ts", ["components/operator/index.ts"]],
            ["components/cli/load.ts", ["components/rules/rules/util.ts"]],
            ["policies/operator.ts", ["components/operator/values.ts"]],
            ["components/rules/registry.ts", ["components/index.ts"]],
            ["components/provider/host.ts", ["policies/common.ts"]],
            ["components/core/issues.ts", ["index.ts"]],
        ]);
        assert.deepStrictEqual(
            violations(graph).map((v) => v.edge),
            [
                "components/aiven/applications.ts -> components/operator/index.ts",
                "components/base/secrets.ts -> components/flink/resource.ts",
                "components/cli/load.ts -> components/rules/rules/util.ts",
                "components/core/issues.ts -> index.ts",
                "components/core/unknown.ts -> components/rules/engine.ts",
                "components/flink/resource.ts -> components/operator/values.ts",
                "components/operator/operator.ts -> components/flink/index.ts",
                "components/provider/host.ts -> policies/common.ts",
                "components/rules/registry.ts -> components/index.ts",
                "components/rules/rules/jar-uri.ts -> components/flink/config.ts",
                "policies/operator.ts -> components/operator/values.ts",
            ],
        );
    });

    it("a new violation fails beside an allowlisted one, and an allowlisted import that is gone fails too", () => {
        const found: Violation[] = [
            { edge: "components/rules/a.ts -> components/flink/b.ts", why: "rules imports flink" },
            { edge: "components/core/c.ts -> components/base/d.ts", why: "core imports base" },
        ];
        const allowlist = ["components/rules/a.ts -> components/flink/b.ts", "components/flink/x.ts -> components/operator/values.ts"];
        const { added, stale } = compare(found, allowlist);
        assert.deepStrictEqual(
            added.map((v) => v.edge),
            ["components/core/c.ts -> components/base/d.ts"],
        );
        assert.deepStrictEqual(stale, ["components/flink/x.ts -> components/operator/values.ts"]);
        assert.deepStrictEqual(compare(found.slice(0, 1), allowlist.slice(0, 1)), { added: [], stale: [] });
    });
});
