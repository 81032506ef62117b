# syntax=docker/dockerfile:1
# Banditore container image: the web server (default command) and, with another command, the
# worker and the CLI. compose.yaml runs PostgreSQL, one web server and one worker from it
# (README, "Production"). Build: docker build -t banditore .

# --- build: every dependency (TypeScript, Next.js's compiler, esbuild), then the production build.
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
# postinstall generates the Prisma client (tsx prisma/generate.ts) from prisma/schema.prisma.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
# .next (Next.js) and dist/ (server, worker, CLI compiled to JavaScript by scripts/build-runtime.mjs);
# then only the production dependencies are kept, for the runtime stage to copy.
RUN npm run build \
 && rm -rf .next/cache \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: plain Node on the compiled output, production dependencies only, no build tools.
FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 PORT=3000
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/scripts/launch.mjs ./scripts/launch.mjs
# Next.js writes its page cache under .next at run time: owned by the unprivileged user.
COPY --from=build --chown=node:node /app/.next ./.next
# The official image's unprivileged user (uid 1000); the code above stays owned by root.
USER node
EXPOSE 3000
# /api/health answers 200 while the database answers (503 otherwise). Node's fetch: no curl here.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The web server. The worker: node --max-old-space-size=128 --enable-source-maps dist/worker.mjs
# The CLI: node dist/cli.mjs <command> (e.g. docker compose exec web node dist/cli.mjs user:create ...)
CMD ["node", "--enable-source-maps", "dist/server.mjs"]
