# syntax=docker/dockerfile:1
#
# kabinet: one code base, two roles built from shared layers.
#   docker build -t kabinet-api .                      (the last stage, `api`, is the default)
#   docker build -t kabinet-worker --target worker .
# TypeScript runs natively (Node 24 type stripping): there is no compile step, the source is the program.

ARG NODE_IMAGE=node:24-slim

# --- production dependencies only ---------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The cache mount keeps rebuilds fast without putting npm's cache into a layer.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# --- the program, common to both roles -----------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# Source directories are listed, not `COPY . .`, so dev/, test/, bench/, local data and a host
# node_modules never reach the image. Files stay owned by root: the app cannot rewrite its own code.
COPY package.json ./
COPY config ./config
COPY domain ./domain
COPY db ./db
COPY integrations ./integrations
COPY templates ./templates
COPY activities ./activities
COPY workflows ./workflows
COPY worker ./worker
COPY api ./api
# `node` (uid 1000) ships with the official image.
USER node
STOPSIGNAL SIGTERM

# --- worker: runs workflows and activities; no port, so no HTTP health check -------------------------------
FROM runtime AS worker
# Training-application documents are printed to PDF by headless Chromium; fonts carry Cyrillic.
USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
USER node
ENV CHROMIUM_PATH=/usr/bin/chromium
CMD ["node", "worker/main.ts"]

# --- api: Hono on port 3000 ------------------------------------------------------------------------------
FROM runtime AS api
ENV PORT=3000
EXPOSE 3000
# The slim image has no curl or wget; Node's fetch does the probe. /healthz answers while the process is
# up; /readyz (database + Temporal) is for load balancers, not for restarting the container.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "api/main.ts"]
