/**
 * Where the chart comes from: a local chart directory (its Chart.yaml gives the version), or a chart in a repository
 * at a version; the Helm release args that say so; and the chart facts derived from it (the operator image to pin,
 * the names the chart's templates give things).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { OPERATOR_CHART_NAME } from "../core/operator/chart";
import { DEFAULT_OPERATOR_VERSION, RELEASE_IMAGE_REPOSITORY, defaultRepository } from "./defaults";
import { OperatorIssues, OperatorRules } from "./errors";
import { get } from "./plain";
import { FlinkOperatorArgs } from "./types";

/** What a local chart directory says about itself. */
export interface LocalChart {
    path: string;
    version?: string;
    appVersion?: string;
    /** image.tag of its values.yaml. */
    imageTag?: string;
}

export interface ChartSource {
    /** Release args: helmOptions' (but values), with name, chart, version and repository decided here. */
    release: { [key: string]: any };
    /** Chart version when known at construction (remote: the requested one; local: Chart.yaml's). */
    chartVersion: string | undefined;
    /** The local chart directory, when the chart is one. */
    localPath: string | undefined;
    /** What the local chart says of itself (undefined also when it could not be read: an issue says why). */
    localChart: LocalChart | undefined;
}

export function isUrl(s: string): boolean {
    return /^(https?|oci):\/\//i.test(s);
}

/** A local chart's Chart.yaml versions and the image tag its values.yaml sets; undefined (with an issue) when unreadable. */
function readLocalChart(chartPath: string, field: string, issues: OperatorIssues): LocalChart | undefined {
    const file = path.join(chartPath, "Chart.yaml");
    if (!fs.existsSync(file)) {
        issues.add(field, OperatorRules.chartPath, `chartPath "${chartPath}" is not a chart directory (no Chart.yaml).`);
        return undefined;
    }
    const read = (f: string): any => {
        try {
            return yaml.load(fs.readFileSync(f, "utf8"));
        } catch (e) {
            issues.add(
                field,
                OperatorRules.chartPath,
                `the chart at "${chartPath}" cannot be read: ${path.basename(f)}: ${(e as Error).message.split("\n")[0]}`,
            );
            return undefined;
        }
    };
    const chart = read(file);
    const valuesFile = path.join(chartPath, "values.yaml");
    const chartValues = fs.existsSync(valuesFile) ? read(valuesFile) : undefined;
    const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    return { path: chartPath, version: text(chart?.version), appVersion: text(chart?.appVersion), imageTag: text(chartValues?.image?.tag) };
}

/** The chart source and release args of the args. `releaseName` defaults to the component's name. */
export function chartSource(name: string, args: FlinkOperatorArgs, issues: OperatorIssues): ChartSource {
    const helm = args.helmOptions ?? {};
    const helmChartIsPath =
        typeof helm.chart === "string" && !isUrl(helm.chart) && (helm.chart.startsWith(".") || helm.chart.startsWith("/") || fs.existsSync(helm.chart));
    const localPath = args.chartPath ?? (helmChartIsPath ? helm.chart : undefined);
    const release: { [key: string]: any } = { ...helm };
    delete release.values;
    release.name = helm.name ?? name;
    if (localPath === undefined) {
        const chartVersion = args.version ?? helm.version ?? DEFAULT_OPERATOR_VERSION;
        release.chart = helm.chart ?? OPERATOR_CHART_NAME;
        release.version = chartVersion;
        release.repositoryOpts = { ...helm.repositoryOpts, repo: args.repository ?? helm.repositoryOpts?.repo ?? defaultRepository(chartVersion) };
        return { release, chartVersion, localPath: undefined, localChart: undefined };
    }
    const field = args.chartPath !== undefined ? "chartPath" : "helmOptions.chart";
    const localChart = readLocalChart(localPath, field, issues);
    const chartVersion = localChart?.version;
    if (args.version !== undefined && chartVersion !== undefined && args.version !== chartVersion) {
        issues.add(
            "version",
            OperatorRules.chartVersion,
            `version is "${args.version}" but the chart at chartPath "${localPath}" is version ${chartVersion}. Remove version or point chartPath at that release's chart.`,
        );
    }
    if (args.repository !== undefined) {
        issues.add("repository", OperatorRules.chartSource, `repository and chartPath are both set; a local chart is not read from a repository. Remove one.`);
    }
    release.chart = localPath;
    delete release.version;
    delete release.repositoryOpts;
    return { release, chartVersion, localPath, localChart };
}

/**
 * The operator image to pin when nobody chose one: the release image at the chart's appVersion, in place of the
 * chart's floating `latest` (a restart could otherwise bring another operator version). Undefined when the user set
 * any of image.repository, image.tag or image.digest (typed or raw), or a local chart already pins its own tag.
 */
export function pinnedImage(values: { [key: string]: any }, source: ChartSource): { repository: string; tag: string } | undefined {
    const chosen = ["repository", "tag", "digest"].some((k) => {
        const v = get(values, ["image", k]);
        return v !== undefined && v !== null && v !== "";
    });
    if (chosen) return undefined;
    const local = source.localChart;
    if (local === undefined) return source.chartVersion === undefined ? undefined : { repository: RELEASE_IMAGE_REPOSITORY, tag: source.chartVersion };
    const floating = local.imageTag === undefined || local.imageTag === "" || local.imageTag === "latest";
    const tag = local.appVersion ?? local.version;
    return floating && tag !== undefined ? { repository: RELEASE_IMAGE_REPOSITORY, tag } : undefined;
}

/** Helm's `trunc 63 | trimSuffix "-"`. */
function dnsName(s: string): string {
    return s.slice(0, 63).replace(/-$/, "");
}

function nameOverride(raw: { [key: string]: any }): string | undefined {
    return typeof raw.nameOverride === "string" && raw.nameOverride !== "" ? raw.nameOverride : undefined;
}

/** The chart's flink-operator.name (templates/_helpers.tpl): nameOverride or the chart name. */
export function chartShortName(raw: { [key: string]: any }): string {
    return dnsName(nameOverride(raw) ?? OPERATOR_CHART_NAME);
}

/** The chart's flink-operator.fullname: fullnameOverride, else the release name joined with the chart's name. */
export function chartFullname(releaseName: string, raw: { [key: string]: any }): string {
    if (typeof raw.fullnameOverride === "string" && raw.fullnameOverride !== "") return dnsName(raw.fullnameOverride);
    const short = nameOverride(raw) ?? OPERATOR_CHART_NAME;
    return dnsName(releaseName.includes(short) ? releaseName : `${releaseName}-${short}`);
}
