/**
 * ingress-template-valid against the real check. GOLDEN_TEMPLATES are verdicts recorded on JDK 17 from the
 * operator 1.15.0's IngressUtils.getIngressUrl logic (http:// added unless the template starts with http:// or
 * https://, {{name}} and {{namespace}} replaced case-insensitively, then new java.net.URL) for a deployment named
 * "my-app" in namespace "flink-ns": "ok" or the MalformedURLException message. The differential run that produced
 * them agreed on all of 20,000 generated templates, messages included.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { validate } from "../../components/rules";
import { ingressTemplateError, isJavaIPv6Literal } from "../../components/core/java/url";
import { applicationDeployment } from "../support/fixtures";

const GOLDEN_TEMPLATES: [string, string][] = [
    ["example.com:port", 'Error at index 0 in: "port"'],
    ["example.com/{{namespace}}/{{name}}", "ok"],
    ["{{name}}.{{namespace}}.flink.example.com", "ok"],
    ["{{NAME}}.{{NameSpace}}.example.com", "ok"],
    ["{{foo}}.example.com", "ok"],
    ["flink example.com/{{name}}", "ok"],
    ["flink.example.com/{{namespace}}/{{name}}(/|$)(.*)", "ok"],
    ["https://flink.example.com/{{name}}", "ok"],
    ["HTTPS://flink.example.com/{{name}}", "ok"],
    ["ftp://flink.example.com/{{name}}", "ok"],
    ["/{{name}}", "ok"],
    ["", "ok"],
    ["example.com:8080/{{name}}", "ok"],
    ["example.com:99999", "ok"],
    ["example.com:+80", "ok"],
    ["example.com:-1", "ok"],
    ["example.com:-2", "Invalid port number :-2"],
    ["example.com:", "ok"],
    ["example.com:2147483648", 'Error at index 9 in: "2147483648"'],
    ["example.com: 80", 'Error at index 0 in: " 80"'],
    ["[::1]:8080/x", "ok"],
    ["[::1]x", "Invalid authority field: [::1]x"],
    ["[::1", "Invalid authority field: [::1"],
    ["[1::2::3]", "Invalid host: [1::2::3]"],
    ["[::ffff:1.2.3.4]", "ok"],
    ["[fe80::1%eth0]", "ok"],
    ["[fe80::1%]", "Invalid host: [fe80::1%]"],
    ["[]", "Invalid authority field: []"],
    ["[:]", "Invalid authority field: [:]"],
    ["[1:2:3:4:5:6:7:8]", "ok"],
    ["[1:2:3:4:5:6:7:8:9]", "Invalid host: [1:2:3:4:5:6:7:8:9]"],
    ["[::256.1.1.1]", "Invalid host: [::256.1.1.1]"],
    ["user@example.com:port", 'Error at index 0 in: "port"'],
    ["a@b@example.com:port", "ok"],
    ["example.com/x?y:z", "ok"],
    ["example.com/x#:port", "ok"],
    ["example.com?:port", "ok"],
    ["{{name}}:{{namespace}}", 'Error at index 0 in: "flink-ns"'],
    ["example.com:{{name}}", 'Error at index 0 in: "my-app"'],
    [" http://user@[[::1]]:{{name}}#frag", "ok"],
    ["http:/{{foo}}.example.com/:port", "ok"],
    ["http:/[1:2:3:4:5:6:7:8]:8a/x?y#z", "ok"],
    ["Http://{{Name}}-{{NameSpace}}.x:+80/:port", "ok"],
    [" http://1.2.3.4:+{{namespace}}", "ok"],
    ["http://u:p@[::1/:port", "Invalid authority field: u:p@[::1"],
    ["[::1]:80#:port", "ok"],
    ["{{Name}}-{{NameSpace}}.x:-1", "ok"],
    ["http://user@[:]:\u0668\u0660", "Invalid authority field: user@[:]:\u0668\u0660"],
    ["ftp://[1::2::3]:99999?q", "ok"],
    ["https://[1::2::3]:-2147483648/", "Invalid host: [1::2::3]"],
    ["https://@[::1:+?x:y", "Invalid authority field: @[::1:+"],
    ["Http://@[1:2:3:4:5:6:7:8:9]:-1/{{unknown}}", "Invalid host: [1:2:3:4:5:6:7:8:9]"],
    ["user@[::256.1.1.1]?q", "Invalid host: [::256.1.1.1]"],
    ["http:/a@b@example.com:+80/", "ok"],
    [" http://user@[12345::]:+/a b", "ok"],
    ["ftp://[]/{{namespace}}/{{name}}", "ok"],
    ["//@[fe80::1%eth0](/|$)(.*)", "ok"],
    ["ftp://[::1]x:80/:port", "ok"],
    ["u:p@[::1.2.3]:-?x:y", "Invalid host: [::1.2.3]"],
    ["ftp://@[1:2:3:4:5:6:7:8]:(/|$)(.*)", "ok"],
    ["url:http://[1:2:3:4:5:6:7:8:9]:port(/|$)(.*)", 'Error at index 0 in: "http:"'],
    ["http:user@[]:2147483648/a b", "Invalid authority field: http:user@[]:2147483648"],
    ["Http://@{{namespace}}: 80/{{unknown}}", 'Error at index 0 in: " 80"'],
    ["https://user@[fe80::1%]: 80/a b", "Invalid host: [fe80::1%]"],
    ["//u:p@[fe80::1%]:-1/", "ok"],
    ["https://u:p@[::1:+80?q", "Invalid authority field: u:p@[::1:+80"],
    ["url:http://[1::2::3]:2147483647", 'Error at index 0 in: "http:"'],
    ["u:p@{{foo}}.example.com:port/{{unknown}}", 'Error at index 0 in: "port"'],
    ["//[12345::]:2147483647", "ok"],
    ["https://1.2.3.4", "ok"],
    [" http://{{NAME}}.example.com:+80#frag", "ok"],
    ["a@b@[:]:8a/:port", "ok"],
    ["user@[1:2:3:4:5:6:7:8:9]:+80/x?y#z", "Invalid host: [1:2:3:4:5:6:7:8:9]"],
    ["//[:]:?q", "ok"],
    ["https://user@[::1]x/{{namespace}}/{{name}}", "Invalid authority field: user@[::1]x"],
    [" http://user@[:]:\u0668\u0660", "ok"],
    ["https://user@[[::1]]:port/{{namespace}}/{{name}}", "Invalid host: [[::1]"],
    ["user@flink example.com:80{{namespace}}", 'Error at index 2 in: "80flink-ns"'],
    ["http:/a@b@[::ffff:1.2.3.4]:-?x:y", "ok"],
    ["user@[::1]x:-1?x:y", "Invalid authority field: user@[::1]x:-1"],
    ["[fe80::1%]:2147483647?x:y", "Invalid host: [fe80::1%]"],
    ["HTTPS://a@b@{{Name}}-{{NameSpace}}.x:port?x:y", "ok"],
    ["ftp://user@a:b:c:+80/{{namespace}}/{{name}}", "ok"],
    ["u:p@[::ffff:1.2.3.4]:-2?q", "Invalid port number :-2"],
    ["HTTPS://:99999", "ok"],
    ["https://[]:-1{{namespace}}", "Invalid authority field: []:-1flink-ns"],
    ["url:http://[:](/|$)(.*)", 'Error at index 0 in: "http:"'],
    ["http:{{NAME}}.example.com:{{name}}/{{namespace}}/{{name}}", 'Error at index 0 in: "my-app.example.com:my-app"'],
    ["url:http://a@b@[::256.1.1.1]:+?x:y", 'Error at index 0 in: "http:"'],
];

function findings(template: string, name = "my-app", namespace = "flink-ns") {
    const doc = applicationDeployment();
    doc.metadata = { name, namespace };
    doc.spec.ingress = { template, className: "nginx" };
    return validate([{ doc }]).findings.filter((f) => f.rule === "ingress-template-valid");
}

describe("parity: ingress templates as java.net.URL reads them (golden verdicts)", () => {
    for (const [template, verdict] of GOLDEN_TEMPLATES) {
        it(`${JSON.stringify(template)} → ${verdict}`, () => {
            const found = findings(template);
            if (verdict === "ok") return assert.deepStrictEqual(found, []);
            assert.strictEqual(found.length, 1);
            assert.strictEqual(found[0].path, "spec.ingress.template");
            assert.ok(found[0].message.startsWith(`Unable to process the Ingress template(${template}). Error: ${verdict}. `), found[0].message);
            assert.match(found[0].message, /Use a host, an optional numeric port and an optional path/);
        });
    }
});

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const anyCase = (text: string) =>
    fc
        .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
        .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
const placeholder = fc.oneof(
    anyCase("{{name}}"),
    anyCase("{{namespace}}"),
    fc.stringMatching(/^[a-zA-Z_]{1,8}$/).map((p) => `{{${p}}}`),
);
const hostPart = fc.oneof(label, placeholder);
/** A path segment: anything URL-ish, including regex groups, spaces and unknown placeholders. */
const pathPart = fc.oneof(label, placeholder, fc.constantFrom("(/|$)(.*)", "a b", "%20", "x:y", "~", "*"));

describe("parity: ingress template properties", () => {
    it("hosts and paths made of labels and placeholders (known or not, any case) with an optional numeric port are accepted", () => {
        fc.assert(
            fc.property(
                fc.constantFrom("", "http://", "https://", "HTTP://", "Https://"),
                fc.array(hostPart, { minLength: 1, maxLength: 4 }),
                fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
                fc.array(pathPart, { maxLength: 4 }),
                (scheme, host, port, path) => {
                    const template = `${scheme}${host.join(".")}${port === undefined ? "" : `:${port}`}${path.map((p) => `/${p}`).join("")}`;
                    return ingressTemplateError(template, "my-app", "flink-ns") === undefined && findings(template).length === 0;
                },
            ),
            { numRuns: 500 },
        );
    });

    it("a port that is not a number is refused with java.lang.Integer's message", () => {
        fc.assert(
            fc.property(label, fc.stringMatching(/^[0-9]{0,3}[a-z][a-z0-9]{0,4}$/), (host, port) => {
                const index = [...port].findIndex((c) => c < "0" || c > "9");
                return ingressTemplateError(`${host}:${port}/x`, "n", "ns") === `Error at index ${index} in: "${port}"`;
            }),
            { numRuns: 300 },
        );
    });

    it("{{name}} and {{namespace}} are filled in whatever their case (the filled value is what the URL parser sees)", () => {
        fc.assert(
            fc.property(anyCase("{{name}}"), anyCase("{{namespace}}"), label, label, (nameTag, namespaceTag, name, namespace) => {
                // In the port position the filled value is parsed as a number, so the error quotes it.
                const error = ingressTemplateError(`example.com:${nameTag}${namespaceTag}`, `x${name}`, namespace);
                return error !== undefined && error.endsWith(` in: "x${name}${namespace}"`);
            }),
            { numRuns: 300 },
        );
    });

    it("bracketed hosts: every IPv6 literal java accepts passes, anything else in brackets is refused", () => {
        const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
        const full = fc.array(group, { minLength: 8, maxLength: 8 }).map((g) => g.join(":"));
        const compressed = fc.tuple(fc.array(group, { maxLength: 3 }), fc.array(group, { maxLength: 3 })).map(([a, b]) => `${a.join(":")}::${b.join(":")}`);
        const mapped = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `::ffff:${a}.${b}.0.1`);
        fc.assert(
            fc.property(fc.oneof(full, compressed, mapped), fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }), (address, port) => {
                const template = `[${address}]${port === undefined ? "" : `:${port}`}/{{name}}`;
                return (
                    isJavaIPv6Literal(address) &&
                    ingressTemplateError(template, "n", "ns") === undefined &&
                    ingressTemplateError(`[${address}:1:2:3:4:5:6:7:8]/x`, "n", "ns") === `Invalid host: [${address}:1:2:3:4:5:6:7:8]`
                );
            }),
            { numRuns: 300 },
        );
    });

    it("never throws on any template", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.string({ maxLength: 40 }),
                    fc.string({ maxLength: 20, unit: "binary" }),
                    fc
                        .array(fc.constantFrom("[", "]", ":", "@", "/", "?", "#", "{{name}}", "1", "a", "%", ".", "-", "+"), { maxLength: 16 })
                        .map((a) => a.join("")),
                ),
                (template) => {
                    const error = ingressTemplateError(template, "my-app", "flink-ns");
                    return error === undefined || typeof error === "string";
                },
            ),
            { numRuns: 3000 },
        );
    });
});
