/** Reading manifests for the CLI: files and directories (recursively), multi-document YAML, kind: List expanded. */
import * as fs from "fs";
import * as path from "path";
import * as jsyaml from "js-yaml";
import type { SourcedDocument } from "../rules";

export interface LoadProblem {
    file: string;
    message: string;
}

export interface Loaded {
    documents: SourcedDocument[];
    files: string[];
    problems: LoadProblem[];
}

const MANIFEST = /\.ya?ml$/i;

/** Every YAML file under the given paths, as they would be named from the command line. */
export function expandPaths(inputs: readonly string[], problems: LoadProblem[]): string[] {
    const files: string[] = [];
    const visit = (p: string, explicit: boolean) => {
        let stat: fs.Stats;
        try {
            stat = fs.statSync(p);
        } catch (err) {
            problems.push({ file: p, message: `cannot read: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}` });
            return;
        }
        if (stat.isDirectory()) {
            for (const entry of fs.readdirSync(p).sort()) {
                if (entry.startsWith(".") || entry === "node_modules") continue;
                visit(path.join(p, entry), false);
            }
        } else if (explicit || MANIFEST.test(p)) {
            files.push(p);
        }
    };
    for (const input of inputs) visit(input, true);
    return files;
}

/**
 * YAML as Kubernetes reads it: the core schema (no timestamps: an unquoted date stays a string, as the API server
 * sees it) plus merge keys.
 */
// js-yaml exports its built-in types at run time; @types/js-yaml does not declare them.
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;
export const KUBERNETES_YAML_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [merge] });

/** Parses one file's YAML documents; a syntax error becomes a problem naming the file, line and column. */
export function parseManifests(file: string, text: string, problems: LoadProblem[]): SourcedDocument[] {
    const documents: SourcedDocument[] = [];
    let values: unknown[];
    try {
        values = jsyaml.loadAll(text, undefined, { schema: KUBERNETES_YAML_SCHEMA, filename: file });
    } catch (err) {
        const e = err as jsyaml.YAMLException;
        const where = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : "";
        problems.push({ file, message: `invalid YAML${where}: ${e.reason ?? e.message}. Fix the syntax; nothing in this file was checked.` });
        return documents;
    }
    for (const value of values as any[]) {
        if (value === null || value === undefined) continue;
        if (typeof value !== "object" || Array.isArray(value)) continue;
        if (value.kind === "List" && Array.isArray(value.items)) {
            for (const item of value.items) if (item && typeof item === "object") documents.push({ doc: item, file });
        } else {
            documents.push({ doc: value, file });
        }
    }
    return documents;
}

export function loadManifests(inputs: readonly string[]): Loaded {
    const problems: LoadProblem[] = [];
    const files = expandPaths(inputs, problems);
    const documents: SourcedDocument[] = [];
    for (const file of files) {
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (err) {
            problems.push({ file, message: `cannot read: ${(err as Error).message}` });
            continue;
        }
        documents.push(...parseManifests(file, text, problems));
    }
    return { documents, files, problems };
}

/**
 * The operator's default Flink configuration for `--operator-config`: a legacy flink-conf.yaml (flat `key: value`
 * lines, read as Flink reads them) when the file is named so, otherwise standard YAML (config.yaml, nested keys
 * allowed). Throws an Error with a message for people when the file cannot be read or is not a map.
 */
export function loadOperatorConfig(file: string): { [key: string]: unknown } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
    }
    if (path.basename(file) === "flink-conf.yaml") {
        const { parseLegacyFlinkConf } = require("../flink/config") as typeof import("../flink/config");
        return parseLegacyFlinkConf(text);
    }
    let doc: unknown;
    try {
        doc = jsyaml.load(text);
    } catch (err) {
        throw new Error(`${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
    if (doc === undefined || doc === null) return {};
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new Error(`${file} must be a map of Flink configuration keys (the operator's config.yaml or flink-conf.yaml).`);
    }
    return doc as { [key: string]: unknown };
}
