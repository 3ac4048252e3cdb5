import * as net from "net";
import { Rule, RuleContext } from "../engine";
import { OperatorOptions } from "../../flink/config";

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

function jarUri(ctx: RuleContext): string | undefined {
    const uri = ctx.get("spec.job.jarURI");
    return typeof uri === "string" ? uri : undefined;
}

export const jarUriValid: Rule = {
    id: "jar-uri-valid",
    kinds: ["FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "A session job's jarURI is a URI with a scheme.",
    check(ctx) {
        const uri = jarUri(ctx);
        if (uri === undefined) return;
        if (!SCHEME.test(uri)) {
            ctx.report("spec.job.jarURI", `jarURI must include a scheme, e.g. https://repo.example.com/jobs/my-job.jar.`);
            return;
        }
        try {
            new URL(uri);
        } catch (err) {
            ctx.report("spec.job.jarURI", `jarURI is not a valid URI: ${(err as Error).message}. Escape spaces and special characters.`);
        }
    },
};

export const jarUriSchemeAllowed: Rule = {
    id: "jar-uri-scheme-allowed",
    kinds: ["FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "A session job's jarURI scheme is in the operator's allowlist (https by default).",
    check(ctx) {
        const uri = jarUri(ctx);
        const scheme = uri !== undefined ? SCHEME.exec(uri)?.[1].toLowerCase() : undefined;
        const allowed = ctx.options.allowedJarSchemes.map((s) => s.toLowerCase());
        if (scheme !== undefined && !allowed.includes(scheme)) {
            ctx.report("spec.job.jarURI", `jarURI scheme '${scheme}' is not in the allowlist [${allowed.join(", ")}]. Configure '${OperatorOptions.allowedJarSchemes}' to extend the allowlist.`);
        }
    },
};

/** Literal addresses the operator refuses: loopback, link-local, private (site-local), any and multicast. */
export function restrictedAddress(host: string): boolean {
    const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
    if (bare === "localhost" || bare.endsWith(".localhost")) return true;
    const version = net.isIP(bare);
    if (version === 4) {
        const [a, b] = bare.split(".").map(Number);
        return a === 0 || a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a >= 224 && a <= 239);
    }
    if (version === 6) {
        const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
        if (mapped) return restrictedAddress(mapped[1]);
        if (bare === "::" || bare === "::1") return true;
        const first = parseInt(bare.split(":")[0] || "0", 16);
        return (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0 || (first & 0xfe00) === 0xfc00 || (first & 0xff00) === 0xff00;
    }
    return false;
}

export const jarUriHost: Rule = {
    id: "jar-uri-host",
    kinds: ["FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "An http(s) jarURI has a host that is not a literal loopback, private, link-local, any or multicast address (no DNS look-ups are made).",
    check(ctx) {
        const uri = jarUri(ctx);
        if (uri === undefined || !/^https?:/i.test(uri)) return;
        let host: string;
        try {
            host = new URL(uri).hostname;
        } catch {
            return; // jar-uri-valid reports it
        }
        if (!host) ctx.report("spec.job.jarURI", "jarURI must include a host for http/https schemes.");
        else if (restrictedAddress(host)) ctx.report("spec.job.jarURI", `jarURI host '${host}' resolves to a restricted address. Serve the jar from a host the operator may reach, e.g. an artifact repository.`);
    },
};
