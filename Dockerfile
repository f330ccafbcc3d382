# The tim-ts server. better-sqlite3 compiles from source, so the build stage has a toolchain.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts=false --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY sql ./sql
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json tim.config.yaml ./
COPY bin ./bin
COPY sql ./sql
EXPOSE 20003 20004
VOLUME ["/app/data"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["start"]
