#!/usr/bin/env bash
# Builds the sessionchaos image with no image registry (Dockerfile.offline) and prints its tag:
#   scripts/dev scripts/build-offline-image.sh [TAG]      (default sessionchaos/sessionchaos:offline)
# The context holds the CLI deployed with its production dependencies (what `Dockerfile` does inside node:24-slim)
# and the scenario library; the base is the lab's assembled Node image, imported into the engine if missing.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag="${1:-sessionchaos/sessionchaos:offline}"
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT

cd "$repo"
pnpm exec tsc -b
pnpm --filter sessionchaos deploy --prod --legacy --prefer-offline "$ctx/sessionchaos" >&2
cp -r scenarios "$ctx/scenarios"
mkdir -p "$ctx/bin"
# `sessionchaos` on PATH, as the registry image has it (the manifests' commands call it by name). The assembled
# base has no /usr/bin/env for the package's own `#!/usr/bin/env node`, so this launcher names node's path.
printf '#!/usr/local/bin/node\n// Runs the CLI deployed in /opt/sessionchaos.\nimport("/opt/sessionchaos/bin/sessionchaos.js");\n' \
  > "$ctx/bin/sessionchaos"
chmod 755 "$ctx/bin/sessionchaos"
# kubectl from Debian's kubernetes-client (statically linked: no libraries to bring), downloaded and unpacked rather
# than installed, since the host's own kubectl may come from elsewhere (and conflict with the package).
(cd "$ctx" && apt-get download -qq kubernetes-client >&2 2>/dev/null && dpkg-deb -x kubernetes-client_*.deb deb) || {
  echo "build-offline-image: could not download Debian's kubernetes-client for kubectl (run apt-get update first)" >&2
  exit 69
}
cp "$ctx/deb/usr/bin/kubectl" "$ctx/bin/kubectl"
rm -rf "$ctx/deb" "$ctx"/kubernetes-client_*.deb
# Self-reference: inside packages/lab, @sessionchaos/lab resolves to the package itself.
# The lab's own images (node, redis, haproxy) are assembled here too: the image's CLI, run with the Docker socket
# mounted, has no host binaries to assemble them from and uses the ones the engine holds (see assembleImage).
node_image="$(cd packages/lab && node --conditions=@sessionchaos/source --disable-warning=ExperimentalWarning \
  --input-type=module -e "const lab = await import('@sessionchaos/lab');
await lab.resolveLabImages('assembled').catch((e) => console.error('build-offline-image: the lab images were not assembled, so lab up inside the image will not work: ' + e.message));
console.log(await lab.assembleImage(lab.nodeImageSpec()));")"
docker build -q -f Dockerfile.offline --build-arg "NODE_IMAGE=$node_image" -t "$tag" "$ctx" >&2
echo "$tag"
