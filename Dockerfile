# Reacties in a container: built in one stage, run from a small one as a non-root
# user, with the database on the /data volume. Templates and static files are in
# the binary; the articles are copied beside it.

FROM rust:1.95-bookworm AS build
WORKDIR /src
# Builds use the committed .sqlx/ query cache: no database needed.
ENV SQLX_OFFLINE=true
COPY Cargo.toml Cargo.lock ./
COPY .sqlx ./.sqlx
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY src ./src
RUN cargo build --release --locked --bin reacties

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin reacties \
    && mkdir -p /data /app \
    && chown reacties:reacties /data
COPY --from=build /src/target/release/reacties /usr/local/bin/reacties
COPY content /app/content
WORKDIR /app
USER reacties
ENV REACTIES_BIND=0.0.0.0:3000 \
    REACTIES_DATABASE=/data/reacties.db \
    REACTIES_CONTENT=/app/content \
    REACTIES_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["reacties", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["reacties"]
