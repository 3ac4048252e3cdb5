import { Rule, RuleContext } from "../engine";
import { OperatorOptions } from "../../core/flink/config";
import { restrictedAddress } from "../../core/java/inet-address";
import { JavaUri, UriSyntaxError, maskCredentials, parseJavaUri } from "../../core/java/uri";

export { restrictedAddress };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Where java.net.URI takes a character it refuses to be meant literally, so percent-encoding it is the fix. */
const ENCODABLE_IN = /^Illegal character in (path|query|fragment|opaque part|user info)$/;

/** What to do about a URISyntaxException, for the finding's message. */
function parseAdvice(err: UriSyntaxError): string {
    const c = err.input[err.index];
    if (err.reason === "Malformed escape pair") return "Write a literal '%' as %25.";
    if (ENCODABLE_IN.test(err.reason) && c !== undefined && /^[\x20-\x7e]$/.test(c)) {
        const encoded = `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
        return `Percent-encode ${c === " " ? "the space" : `'${c}'`} as ${encoded}${c === " " ? "" : " (and any space as %20)"}.`;
    }
    return "Write it as <scheme>://<host>[:<port>]/<path> with spaces and special characters percent-encoded, e.g. https://repo.example.com/jobs/my%20job.jar.";
}

/** The jarURI and what java.net.URI makes of it, or the error it throws; undefined where there is no jarURI. */
function jarUri(ctx: RuleContext): { uri?: JavaUri; error?: UriSyntaxError } | undefined {
    const text = ctx.get("spec.job.jarURI");
    if (typeof text !== "string") return undefined;
    try {
        return { uri: parseJavaUri(text) };
    } catch (err) {
        if (err instanceof UriSyntaxError) return { error: err };
        throw err;
    }
}

export const jarUriValid: Rule = {
    id: "jar-uri-valid",
    kinds: ["FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description: "A session job's jarURI is a URI with a scheme.",
    check(ctx) {
        const jar = jarUri(ctx);
        if (jar?.error) {
            ctx.report("spec.job.jarURI", `jarURI is not a valid URI: ${jar.error.message}. ${parseAdvice(jar.error)}`);
        } else if (jar?.uri && jar.uri.scheme === undefined) {
            ctx.report("spec.job.jarURI", `jarURI must include a scheme, e.g. https://repo.example.com/jobs/my-job.jar.`);
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
        const uri = ctx.get("spec.job.jarURI");
        const scheme = typeof uri === "string" ? SCHEME.exec(uri)?.[1].toLowerCase() : undefined;
        const allowed = ctx.options.allowedJarSchemes.map((s) => s.toLowerCase());
        if (scheme !== undefined && !allowed.includes(scheme)) {
            ctx.report(
                "spec.job.jarURI",
                `jarURI scheme '${scheme}' is not in the allowlist [${allowed.join(", ")}]. Configure '${OperatorOptions.allowedJarSchemes}' to extend the allowlist.`,
            );
        }
    },
};

export const jarUriHost: Rule = {
    id: "jar-uri-host",
    kinds: ["FlinkSessionJob"],
    severity: "error",
    source: "operator",
    description:
        "An http(s) jarURI has a host that is not a loopback, private, link-local, any or multicast address literal in any spelling java.net.InetAddress reads, nor localhost (no DNS look-ups); off where the operator sets kubernetes.operator.user.artifacts.disallow-restricted-hosts: false.",
    check(ctx) {
        const uri = jarUri(ctx)?.uri; // an unparsable jarURI is jar-uri-valid's
        const scheme = uri?.scheme?.toLowerCase();
        if (uri === undefined || (scheme !== "http" && scheme !== "https") || !ctx.options.disallowRestrictedHosts) return;
        const { host, authority } = uri;
        if (host === undefined) {
            const why =
                authority !== undefined
                    ? `'${maskCredentials(authority)}' is not a host java.net.URI accepts: use dot-separated labels of letters, digits and inner '-' (the last label starting with a letter), or an IP address`
                    : `write it as ${scheme}://<host>/<path>, e.g. https://repo.example.com/jobs/my-job.jar`;
            ctx.report("spec.job.jarURI", `jarURI must include a host for http/https schemes: ${why}.`);
        } else if (restrictedAddress(host)) {
            ctx.report(
                "spec.job.jarURI",
                `jarURI host '${host}' resolves to a restricted address. Serve the jar from a host the operator may reach, e.g. an artifact repository.`,
            );
        }
    },
};
