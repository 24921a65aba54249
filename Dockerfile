# syntax=docker/dockerfile:1
# svcmap container image: the standalone Next.js build behind server/main.mts.
# Not built in this repository's CI (its machine has no container engine); see README.
#   docker build -t svcmap:0.1.0 .
FROM node:24-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npx next build && node scripts/assemble-standalone.mjs

FROM gcr.io/distroless/nodejs24-debian12:nonroot AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    GLIBC_TUNABLES=glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072
# Only the traced server files, static assets and the auth gate: no sources, no dev tools.
COPY --from=build --chown=65532:65532 /src/.next/standalone/ /app/
USER 65532:65532
EXPOSE 3000
# Listening on 0.0.0.0 requires SVCMAP_AUTH (token or proxy), or SVCMAP_AUTH=none said explicitly.
# The root filesystem can be read-only: mount an emptyDir on /tmp and /app/.next/cache.
# V8 flags and GLIBC_TUNABLES (malloc): see server/node-flags.mjs.
CMD ["--max-semi-space-size=8", "--heap-growing-percent=30", "server/main.mts"]
