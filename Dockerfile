# The tim-ts server image. Two stages: `build` installs every dependency from the lockfile and
# builds dist/ (TypeScript and the web pages); the runtime stage keeps only dist/, the production
# dependencies, the shipped config and sql/, and runs as the unprivileged `node` user.
# test/package/build-layout.test.ts replays the COPY and build steps in a clean directory.
#   docker build -t tim-ts .
#   docker run -p 20003:20003 -e TIM_ADMIN_KEY=... tim-ts

FROM node:22-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary fits, so the build stage has a toolchain.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the one native module is
# rebuilt explicitly.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json tim.config.yaml LICENSE ./
COPY bin ./bin
COPY sql ./sql
# The SQLite file of the shipped config (./data/tim.db) lives in a volume the server may write.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# The shipped config: the client listener on every interface, the admin listener on loopback (the
# health check reaches it there) unless TIM_ADMIN_LISTEN says otherwise.
EXPOSE 20003 20004
VOLUME ["/app/data"]
# /healthz answers while the process runs (admin listener, no credentials). Override the URL when
# TIM_ADMIN_LISTEN moves the admin listener.
ENV TIM_HEALTHCHECK_URL=http://127.0.0.1:20004/healthz
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.TIM_HEALTHCHECK_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["start"]
