/** userConfig of an Aiven for Apache Flink service (camelCase in the components, snake_case in the operator's CR). */
import type { Rule } from "../../engine";
import { cidrReadings, familyText, openFilters } from "../../../core/cidr";
import { SERVICE_KINDS } from "./kinds";
import { at, cidrError, range } from "./util";

const FLINK_VERSION = /^\d+\.\d+$/;
export const DEPRECATED_AIVEN_FLINK_VERSIONS: readonly string[] = ["1.16"];

export const flinkVersion: Rule = {
    id: "aiven-flink-version",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "userConfig.flinkVersion is a major version such as 1.20.",
    check(ctx) {
        const v = ctx.get("userConfig.flinkVersion");
        if (typeof v === "string" && !FLINK_VERSION.test(v)) {
            ctx.report(
                "userConfig.flinkVersion",
                `${at(ctx, "userConfig.flinkVersion")} "${v}" is not a Flink major version; use one such as 1.20 (no "v", no patch number). Changing it later replaces the service.`,
            );
        }
    },
};

export const flinkVersionDeprecated: Rule = {
    id: "aiven-flink-version-deprecated",
    kinds: SERVICE_KINDS,
    severity: "warning",
    source: "aiven",
    description: "userConfig.flinkVersion is not deprecated by Aiven (1.16 is).",
    check(ctx) {
        const v = ctx.get("userConfig.flinkVersion");
        if (DEPRECATED_AIVEN_FLINK_VERSIONS.includes(v)) {
            ctx.report("userConfig.flinkVersion", `Flink ${v} is deprecated on Aiven; plan a move to 1.20 (changing flinkVersion replaces the service).`);
        }
    },
};

export const taskSlots: Rule = {
    id: "aiven-task-slots",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "userConfig.numberOfTaskSlots is from 1 to 1024.",
    check(ctx) {
        range(ctx, "userConfig.numberOfTaskSlots", 1, 1024, "task slots per node");
    },
};

export const ipFilter: Rule = {
    id: "aiven-ip-filter",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "userConfig.ipFilter has at most 8000 entries, each a CIDR block (at most 43 characters) with a description of at most 1024.",
    check(ctx) {
        const entries = ctx.get("userConfig.ipFilter");
        if (!Array.isArray(entries)) return;
        if (entries.length > 8000)
            ctx.report(
                "userConfig.ipFilter",
                `${at(ctx, "userConfig.ipFilter")} has ${entries.length} entries; Aiven takes at most 8000. Merge adjacent networks into wider blocks.`,
            );
        entries.forEach((_, i) => {
            const path = at(ctx, `userConfig.ipFilter[${i}]`);
            const network = ctx.get(`userConfig.ipFilter.${i}.network`);
            if (network === undefined || network === null)
                ctx.report(`userConfig.ipFilter[${i}].network`, `${path}.network is required; set a CIDR block such as 10.20.0.0/16.`);
            else if (typeof network === "string") {
                const err = network.length > 43 ? `"${network}" is longer than 43 characters` : cidrError(network);
                if (err) ctx.report(`userConfig.ipFilter[${i}].network`, `${path}.network ${err}; set a CIDR block such as 10.20.0.0/16.`);
            }
            const description = ctx.get(`userConfig.ipFilter.${i}.description`);
            if (typeof description === "string" && description.length > 1024)
                ctx.report(`userConfig.ipFilter[${i}].description`, `${path}.description is ${description.length} characters long; at most 1024 are allowed.`);
        });
    },
};

export const ipFilterOpen: Rule = {
    id: "aiven-ip-filter-open",
    kinds: SERVICE_KINDS,
    severity: "warning",
    source: "extra",
    description:
        "userConfig.ipFilter does not open the service to every address: no entry, and no set of entries together, covers all of IPv4 or IPv6, in any CIDR spelling (0.0.0.0/0, 0/0, /00, 0.0.0.0/1 plus 128.0.0.0/1, ::/0).",
    check(ctx) {
        const entries = ctx.get("userConfig.ipFilter");
        if (!Array.isArray(entries)) return;
        const networks = entries.map((_, i) => ctx.get(`userConfig.ipFilter.${i}.network`));
        for (const open of openFilters(networks)) {
            if (open.single) {
                const i = open.entries[0];
                ctx.report(
                    `userConfig.ipFilter[${i}].network`,
                    `${at(ctx, `userConfig.ipFilter[${i}].network`)} ${networks[i]} lets any address on the Internet connect to the Flink service (${familyText(open.families)}); list only the networks that need access (e.g. your VPC's 10.0.0.0/16).`,
                );
            } else {
                const parts = open.entries.map(
                    (i) =>
                        `[${i}] ${cidrReadings(String(networks[i]))
                            .filter((r) => r.family === open.families[0])
                            .map((r) => r.cidr)
                            .join(" or ")}`,
                );
                ctx.report(
                    "userConfig.ipFilter",
                    `${at(ctx, "userConfig.ipFilter")} entries ${parts.join(", ")} together let any address on the Internet connect to the Flink service (${familyText(open.families)}); list only the networks that need access.`,
                );
            }
        }
    },
};

export const pekkoAskTimeout: Rule = {
    id: "aiven-pekko-ask-timeout",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "userConfig.pekkoAskTimeoutS is from 5 to 60 seconds.",
    check(ctx) {
        range(ctx, "userConfig.pekkoAskTimeoutS", 5, 60, "the Pekko ask timeout (seconds)");
    },
};

export const pekkoFramesize: Rule = {
    id: "aiven-pekko-framesize",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "userConfig.pekkoFramesizeB is from 1048576 to 52428800 bytes.",
    check(ctx) {
        range(ctx, "userConfig.pekkoFramesizeB", 1048576, 52428800, "the Pekko frame size (bytes)");
    },
};
