# The sessionchaos CLI on Node 24: the image the Kubernetes shards and merge Job run
# (`sessionchaos k8s --image ...`), or a CI step. Build from a clone:
#   docker build -t sessionchaos/sessionchaos:latest .
# The lab needs a Docker engine: mount one (-v /var/run/docker.sock:/var/run/docker.sock).
FROM node:24-slim AS build
WORKDIR /src
RUN npm install -g pnpm@11.28.11
COPY . .
# The CLI and the packages it runs, compiled (tsc -b) and deployed with their production dependencies only.
RUN pnpm install --frozen-lockfile --ignore-scripts \
 && pnpm exec tsc -b \
 && pnpm --filter sessionchaos deploy --prod --legacy /opt/sessionchaos

FROM node:24-slim
# kubectl (Debian's kubernetes-client): the Kubernetes recipe's exec faults and their confirm commands run it from
# shard 1 (see README, "Scale out: shards, and Kubernetes").
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client \
 && rm -rf /var/lib/apt/lists/*
# Informative only: never the cleanup label (dev.sessionchaos.project) that `heal` and the sweeps select by, so a
# container of the CLI itself is never removed by them.
LABEL dev.sessionchaos.image="cli"
COPY --from=build /opt/sessionchaos /opt/sessionchaos
COPY scenarios /opt/sessionchaos/scenarios
RUN ln -s /opt/sessionchaos/bin/sessionchaos.js /usr/local/bin/sessionchaos
WORKDIR /work
ENTRYPOINT ["sessionchaos"]
CMD ["--help"]
