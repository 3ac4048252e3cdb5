/** Reading manifests for the CLI: files and directories (recursively), multi-document YAML, kind: List expanded. */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
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

/** Parses one file's YAML documents; syntax errors become problems naming the file and line. */
export function parseManifests(file: string, text: string, problems: LoadProblem[]): SourcedDocument[] {
    const documents: SourcedDocument[] = [];
    const parsed = YAML.parseAllDocuments(text, { prettyErrors: true });
    const list = Array.isArray(parsed) ? parsed : [parsed];
    for (const doc of list) {
        if (doc.errors.length > 0) {
            const error = doc.errors[0];
            const line = error.linePos?.[0];
            const reason = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
            problems.push({ file, message: `invalid YAML${line ? ` at line ${line.line}, column ${line.col}` : ""}: ${reason}. Fix the syntax; nothing in this document was checked.` });
            continue;
        }
        const value = doc.toJS({ maxAliasCount: 100 });
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
