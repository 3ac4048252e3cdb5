import { Rule } from "../engine";

/** The tag of an image reference, or undefined; a digest counts as pinned. */
export function imageTag(image: string): string | undefined {
    if (image.includes("@")) return "@digest";
    const lastSlash = image.lastIndexOf("/");
    const colon = image.indexOf(":", lastSlash + 1);
    return colon === -1 ? undefined : image.slice(colon + 1);
}

export const imageTagPinned: Rule = {
    id: "image-tag",
    kinds: ["FlinkDeployment"],
    severity: "warning",
    source: "extra",
    description: "spec.image has a tag other than latest (or a digest), so restarts do not change the Flink version underneath.",
    check(ctx) {
        const image = ctx.get("spec.image");
        if (typeof image !== "string" || image === "") return;
        const tag = imageTag(image);
        if (tag === undefined)
            ctx.report("spec.image", `Image ${image} has no tag, so it means :latest and can change at any pod restart. Pin a tag, e.g. ${image}:1.20.`);
        else if (tag === "latest") ctx.report("spec.image", `Image ${image} uses the :latest tag, which can change at any pod restart. Pin a version tag.`);
    },
};
