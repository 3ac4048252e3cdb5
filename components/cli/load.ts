/** Reading manifests for the CLI: files and directories (recursively), multi-document YAML, kind: List expanded. */
import * as fs from "fs";
import * as path from "path";
import * as jsyaml from "js-yaml";
import type { SourcedDocument } from "../rules";
import { expansionMessage } from "./expansion";

export interface LoadProblem {
    file: string;
    message: string;
}

/** Something passed over on purpose (not a regular file): said, but not an error. */
export interface LoadNotice {
    file: string;
    message: string;
}

export interface Loaded {
    documents: SourcedDocument[];
    files: string[];
    problems: LoadProblem[];
    notices: LoadNotice[];
}

const MANIFEST = /\.ya?ml$/i;
/** Far above any manifest file; a larger one is refused unread rather than loaded into memory. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

function errorText(err: unknown): string {
    const e = err as NodeJS.ErrnoException;
    switch (e.code) {
        case "ENOENT":
            return "no such file or directory";
        case "EACCES":
        case "EPERM":
            return "permission denied";
        case "ELOOP":
            return "too many levels of symbolic links";
        default:
            return e.message;
    }
}

function fileType(stat: fs.Stats): string {
    if (stat.isFIFO()) return "a named pipe";
    if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
    if (stat.isSocket()) return "a socket";
    return "not a regular file";
}

/**
 * Every YAML file under the given paths, as they would be named from the command line. Symbolic links are
 * followed, but each real directory and file is visited once (links to `..` or to each other cannot loop), what is
 * not a regular file (a pipe, a device) is passed over with a notice, and a directory that cannot be read is a
 * problem of its own while the rest is still checked.
 */
export function expandPaths(inputs: readonly string[], problems: LoadProblem[], notices: LoadNotice[] = []): string[] {
    const files: string[] = [];
    const seen = new Set<string>();
    const visit = (p: string, explicit: boolean) => {
        let stat: fs.Stats;
        let real: string;
        try {
            stat = fs.statSync(p);
            real = fs.realpathSync(p);
        } catch (err) {
            problems.push({ file: p, message: `cannot read: ${errorText(err)}` });
            return;
        }
        if (stat.isDirectory()) {
            if (seen.has(real)) return;
            seen.add(real);
            let entries: string[];
            try {
                entries = fs.readdirSync(p);
            } catch (err) {
                problems.push({ file: p, message: `cannot read directory: ${errorText(err)}; the rest was checked` });
                return;
            }
            for (const entry of entries.sort()) {
                if (entry.startsWith(".") || entry === "node_modules") continue;
                visit(path.join(p, entry), false);
            }
        } else if (explicit || MANIFEST.test(p)) {
            if (seen.has(real)) return;
            seen.add(real);
            if (!stat.isFile()) {
                notices.push({ file: p, message: `skipped: ${fileType(stat)}, not a regular file` });
                return;
            }
            files.push(p);
        }
    };
    for (const input of inputs) visit(input, true);
    return files;
}

/**
 * A file's text, read without blocking on what is not a regular file (a pipe swapped in after the walk) and
 * without reading more than MAX_FILE_BYTES.
 */
export function readManifestFile(file: string): { text: string } | { problem: string } {
    let fd: number;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (err) {
        return { problem: `cannot read: ${errorText(err)}` };
    }
    try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) return { problem: `cannot read: ${fileType(stat)}, not a regular file` };
        if (stat.size > MAX_FILE_BYTES)
            return {
                problem: `not read: ${stat.size.toLocaleString("en-US")} bytes, more than the ${MAX_FILE_BYTES / 1024 / 1024} MiB a manifest file may have`,
            };
        const buffer = Buffer.alloc(stat.size);
        let read = 0;
        while (read < stat.size) {
            const n = fs.readSync(fd, buffer, read, stat.size - read, read);
            if (n === 0) break;
            read += n;
        }
        return { text: buffer.toString("utf8", 0, read) };
    } catch (err) {
        return { problem: `cannot read: ${errorText(err)}` };
    } finally {
        fs.closeSync(fd);
    }
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
    const bytes = Buffer.byteLength(text, "utf8");
    for (const value of values) {
        const tooMuch = expansionMessage(value, bytes);
        if (tooMuch) {
            problems.push({ file, message: tooMuch });
            continue;
        }
        for (const doc of manifestsIn(value)) documents.push({ doc, file });
    }
    return documents;
}

/** Kinds whose `items` are manifests, as kubectl reads them: List, and any FooList (FlinkDeploymentList, ...). */
function isListKind(value: { [key: string]: unknown }): boolean {
    return typeof value.kind === "string" && /List$/.test(value.kind) && Array.isArray(value.items);
}

/**
 * The manifests in one YAML document, as kubectl reads them: an object is one; a `kind: List` (or any `...List`
 * with items) holds its items, nested lists included; a document that is a sequence holds its elements. Scalars
 * and nulls are not manifests. Depth is bounded by measureExpansion before this runs.
 */
export function manifestsIn(value: unknown): { [key: string]: unknown }[] {
    if (value === null || typeof value !== "object") return [];
    if (Array.isArray(value)) return value.flatMap(manifestsIn);
    const object = value as { [key: string]: unknown };
    if (isListKind(object)) return (object.items as unknown[]).flatMap(manifestsIn);
    return [object];
}

export function loadManifests(inputs: readonly string[]): Loaded {
    const problems: LoadProblem[] = [];
    const notices: LoadNotice[] = [];
    const files = expandPaths(inputs, problems, notices);
    const documents: SourcedDocument[] = [];
    for (const file of files) {
        const read = readManifestFile(file);
        if ("problem" in read) {
            problems.push({ file, message: read.problem });
            continue;
        }
        documents.push(...parseManifests(file, read.text, problems));
    }
    return { documents, files, problems, notices };
}

/**
 * The operator's default Flink configuration for `--operator-config`: a legacy flink-conf.yaml (flat `key: value`
 * lines, read as Flink reads them) when the file is named so, otherwise standard YAML (config.yaml, nested keys
 * allowed). Throws an Error with a message for people when the file cannot be read or is not a map.
 */
export function loadOperatorConfig(file: string): { [key: string]: unknown } {
    const read = readManifestFile(file);
    if ("problem" in read) throw new Error(read.problem.replace(/^(cannot read|not read): /, (_, verb) => `${verb} ${file}: `));
    const text = read.text;
    if (path.basename(file) === "flink-conf.yaml") {
        const { parseLegacyFlinkConf } = require("../core") as typeof import("../core");
        return parseLegacyFlinkConf(text);
    }
    let doc: unknown;
    try {
        doc = jsyaml.load(text);
    } catch (err) {
        throw new Error(`${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`, { cause: err });
    }
    if (doc === undefined || doc === null) return {};
    const tooMuch = expansionMessage(doc, Buffer.byteLength(text, "utf8"));
    if (tooMuch) throw new Error(`${file}: ${tooMuch}`);
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new Error(`${file} must be a map of Flink configuration keys (the operator's config.yaml or flink-conf.yaml).`);
    }
    return doc as { [key: string]: unknown };
}
