# syntax=docker/dockerfile:1
# Yava in a container: `docker build -t yava .`, then see docker-compose.yml and deploy/.
# The build stage compiles TypeScript (the package's `prepare` script); the final stage has
# only production dependencies, the compiled dist/ and the oclif manifest, and runs as `node`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off here: `prepare` (the build) needs the sources, copied below.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    YAVA_DATA_DIR=/data/db \
    TRUST_PROXY=on
# A CJK font (5 MB), so invoices and the meetings report print Chinese, Japanese and Korean names
# (core/pdf/fonts.ts finds it; DejaVu Sans, an npm dependency, covers the rest).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would run the TypeScript build, whose tools are dev dependencies;
# the compiled output comes from the build stage instead.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/oclif.manifest.json ./oclif.manifest.json
COPY bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# /ready answers 200 only when the database (and Redis, when REDIS_URL is set) answer.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: stop accepting, finish requests in flight and the current outbox batch, then exit 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/run.js"]
CMD ["serve", "--role", "all"]
