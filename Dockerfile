# syntax=docker/dockerfile:1
# Hindsight server image: builds the workspace, then ships only the server's
# production bundle (`pnpm deploy`) on a slim Node.js runtime, as a non-root user.
# Build: docker build -t hindsight .   Run: see compose.yaml and the README.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN npm install -g pnpm@10
WORKDIR /src
# Dependencies first, so a code change does not refetch them.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile \
 && pnpm build \
 && pnpm --filter @hindsight/server deploy --prod --legacy /out

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_URL=/var/lib/hindsight
RUN groupadd --system hindsight \
 && useradd --system --gid hindsight --home-dir /var/lib/hindsight --shell /usr/sbin/nologin hindsight \
 && mkdir -p /var/lib/hindsight \
 && chown hindsight:hindsight /var/lib/hindsight
WORKDIR /app
COPY --from=build /out /app
USER hindsight
EXPOSE 8080
# The embedded database (PGlite) lives here when DATABASE_URL is not a postgres:// URL.
VOLUME ["/var/lib/hindsight"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# 8 MiB semi-spaces (V8's default is 16), as `pnpm start` gives them: the embedded
# database's server peaks lower under ingest (README, PGlite).
ENTRYPOINT ["node", "--max-semi-space-size=8", "/app/dist/cli.js"]
CMD ["start"]
