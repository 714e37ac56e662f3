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
# Self-reference: inside packages/lab, @sessionchaos/lab resolves to the package itself.
node_image="$(cd packages/lab && node --conditions=@sessionchaos/source --disable-warning=ExperimentalWarning \
  --input-type=module -e "const lab = await import('@sessionchaos/lab'); console.log(await lab.assembleImage(lab.nodeImageSpec()));")"
docker build -q -f Dockerfile.offline --build-arg "NODE_IMAGE=$node_image" -t "$tag" "$ctx" >&2
echo "$tag"
