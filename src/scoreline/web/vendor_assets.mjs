// Copies the front-end assets from node_modules into static/vendor/ so the product serves
// them itself: no CDN, no request to an outside host. Run `npm ci && npm run vendor`, commit.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const out = join(here, "static", "vendor");
const files = [
  ["htmx.org", "dist/htmx.min.js", "htmx.min.js"],
  ["vega", "build/vega.min.js", "vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js", "vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js", "vega-embed.min.js"],
  // Evaluates chart expressions without eval(), so the pages' CSP needs no 'unsafe-eval'.
  ["vega-interpreter", "build/vega-interpreter.min.js", "vega-interpreter.min.js"],
];
const versions = [];
for (const [pkg, from, to] of files) {
  const dir = join(root, "node_modules", pkg);
  const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  // Drop the source-map comment: the maps are not vendored, and Django's manifest storage
  // would fail collectstatic looking for them.
  const text = readFileSync(join(dir, from), "utf8").replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
  writeFileSync(join(out, to), text);
  versions.push(`${to}\t${pkg}@${version}\t${license}`);
}
writeFileSync(join(out, "VERSIONS"), versions.join("\n") + "\n");
console.log(versions.join("\n"));
