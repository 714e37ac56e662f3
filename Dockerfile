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
# Informative only: never the cleanup label (dev.sessionchaos.project) that `heal` and the sweeps select by, so a
# container of the CLI itself is never removed by them.
LABEL dev.sessionchaos.image="cli"
COPY --from=build /opt/sessionchaos /opt/sessionchaos
COPY scenarios /opt/sessionchaos/scenarios
RUN ln -s /opt/sessionchaos/bin/sessionchaos.js /usr/local/bin/sessionchaos
WORKDIR /work
ENTRYPOINT ["sessionchaos"]
CMD ["--help"]
