/**
 * core/java/uri.ts reads strings as `new java.net.URI(text)` does. Expected values are what Java 17 returns
 * (getScheme, getAuthority, getHost) or the URISyntaxException it throws (reason and index), case by case.
 */
import * as assert from "assert";
import { UriSyntaxError, maskCredentials, parseJavaUri } from "../../components/core/java/uri";

type Parsed = { scheme?: string; authority?: string; host?: string };

const ACCEPTED: [string, Parsed][] = [
    ["https://repo.example.com/jobs/x.jar", { scheme: "https", authority: "repo.example.com", host: "repo.example.com" }],
    ["https://repo.example.com:8443/x.jar", { scheme: "https", authority: "repo.example.com:8443", host: "repo.example.com" }],
    ["HTTPS://Repo.Example.com/x.jar", { scheme: "HTTPS", authority: "Repo.Example.com", host: "Repo.Example.com" }],
    ["https://user:pw@repo.example.com/x.jar", { scheme: "https", authority: "user:pw@repo.example.com", host: "repo.example.com" }],
    ["https://[::1]:8080/x.jar", { scheme: "https", authority: "[::1]:8080", host: "[::1]" }],
    ["https://[fe80::1%25eth0]/x.jar", { scheme: "https", host: "[fe80::1%25eth0]" }],
    ["https://127.0.0.1/x.jar", { scheme: "https", host: "127.0.0.1" }],
    // A registry-based authority (an underscore is no host character): getHost() is null.
    ["https://my_host/x.jar", { scheme: "https", authority: "my_host", host: undefined }],
    // Not a server (the port is no number) but a valid registry name: Java keeps it as such, with no host.
    ["https://h:80x/x.jar", { scheme: "https", authority: "h:80x", host: undefined }],
    // Empty authorities: file:///x and local:///x have no host.
    ["file:///opt/flink/x.jar", { scheme: "file", host: undefined }],
    ["local:///opt/flink/examples/x.jar", { scheme: "local", host: undefined }],
    ["s3://bucket/jobs/x.jar", { scheme: "s3", authority: "bucket", host: "bucket" }],
    // Opaque URIs: no authority, no host.
    ["https:repo.example.com/x.jar", { scheme: "https", authority: undefined, host: undefined }],
    ["mailto:ops@example.com", { scheme: "mailto", host: undefined }],
    // Relative references: no scheme.
    ["jobs/x.jar", { scheme: undefined, host: undefined }],
    ["/opt/flink/x.jar", { scheme: undefined, host: undefined }],
    // Escapes and visible non-ASCII characters are allowed where escapes are.
    ["https://h/my%20job.jar", { scheme: "https", host: "h" }],
    ["https://h/jöb.jar", { scheme: "https", host: "h" }],
    ["https://h/x.jar?a=[1]&b=2#frag", { scheme: "https", host: "h" }],
];

const REFUSED: [string, string, number][] = [
    ["https://h/my job.jar", "Illegal character in path", 12],
    ["https://h/x.jar?a b", "Illegal character in query", 17],
    ["https://h/x.jar#a b", "Illegal character in fragment", 17],
    ["https://h/x{1}.jar", "Illegal character in path", 11],
    ["https://h/%zz.jar", "Malformed escape pair", 10],
    ["https://h/%4", "Malformed escape pair", 10],
    ["https:", "Expected scheme-specific part", 6],
    ["://h/x.jar", "Expected scheme name", 0],
    ["1https://h/x.jar", "Illegal character in scheme name", 0],
    ["https://[::1/x.jar", "Expected closing bracket for IPv6 address", 12],
    ["my job.jar", "Illegal character in path", 2],
];

describe("java.net.URI parser (core/java/uri.ts)", () => {
    for (const [text, expected] of ACCEPTED) {
        it(`accepts ${text}`, () => {
            const uri = parseJavaUri(text);
            for (const [field, value] of Object.entries(expected)) assert.strictEqual((uri as any)[field], value, `${field} of ${text}`);
        });
    }
    for (const [text, reason, index] of REFUSED) {
        it(`refuses ${text}: ${reason} at index ${index}`, () => {
            assert.throws(
                () => parseJavaUri(text),
                (err: unknown) => {
                    assert.ok(err instanceof UriSyntaxError, String(err));
                    assert.strictEqual(err.reason, reason);
                    assert.strictEqual(err.index, index);
                    assert.strictEqual(err.message, `${reason} at index ${index}: ${maskCredentials(text)}`);
                    return true;
                },
            );
        });
    }
    it("never repeats user info, query or fragment in its message", () => {
        let err: Error | undefined;
        try {
            parseJavaUri("https://user:s3cret@h/my job.jar?sig=abc#tok");
        } catch (e) {
            err = e as Error;
        }
        assert.ok(err, "the space in the path is refused");
        assert.doesNotMatch(err.message, /s3cret|sig=abc|tok/);
    });
});
