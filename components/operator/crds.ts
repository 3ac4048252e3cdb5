/**
 * The operator's CustomResourceDefinitions: managed as resources of their own by default (so a new chart version
 * updates them), read from a directory (crds.source, or the local chart's crds/) or from URLs at deploy time.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { defaultCrdBaseUrl } from "./defaults";
import { isUrl } from "./chart-source";
import { OperatorIssues, OperatorRules } from "./errors";
import { isObject } from "./plain";
import { FlinkOperatorArgs } from "./types";

/** Where the CRD manifests come from (a directory's are read at construction), or undefined when Helm installs them. */
export type CrdSource = { kind: "directory"; path: string; documents: any[] } | { kind: "url"; base: string } | undefined;

/**
 * The CRD source of the args; `release.skipCrds` is set when the component manages them. `localChart` is the local
 * chart directory, if any; `chartVersion` the remote chart's version.
 */
export function crdSource(
    args: FlinkOperatorArgs,
    release: { [key: string]: any },
    localChart: string | undefined,
    chartVersion: string | undefined,
    issues: OperatorIssues,
): CrdSource {
    if (!(args.crds?.manage ?? true)) return undefined;
    release.skipCrds = true;
    const source = args.crds?.source ?? (localChart !== undefined ? path.join(localChart, "crds") : defaultCrdBaseUrl(chartVersion!));
    if (isUrl(source)) return { kind: "url", base: source.endsWith("/") ? source : `${source}/` };
    return { kind: "directory", path: source, documents: readCrdDirectory(args.crds?.source !== undefined ? "crds.source" : "chartPath", source, issues) };
}

/** The CRD manifests in a directory (every *.yml / *.yaml, each document of kind CustomResourceDefinition). */
function readCrdDirectory(field: string, dir: string, issues: OperatorIssues): any[] {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        issues.add(field, OperatorRules.crds, `the CRD directory "${dir}" does not exist (crds.source, or the crds/ folder of chartPath).`);
        return [];
    }
    const docs: any[] = [];
    let files: string[];
    try {
        files = fs
            .readdirSync(dir)
            .filter((f) => /\.ya?ml$/.test(f))
            .sort();
    } catch (e) {
        issues.add(field, OperatorRules.crds, `the CRD directory "${dir}" cannot be read: ${(e as Error).message.split("\n")[0]}`);
        return [];
    }
    for (const file of files) {
        try {
            for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8"))) {
                if (isObject(doc) && doc.kind === "CustomResourceDefinition") docs.push(doc);
            }
        } catch (e) {
            issues.add(field, OperatorRules.crds, `the CRD file "${path.join(dir, file)}" cannot be read: ${(e as Error).message.split("\n")[0]}`);
        }
    }
    if (docs.length === 0) issues.add(field, OperatorRules.crds, `no CustomResourceDefinition found in "${dir}".`);
    return docs;
}
