# syntax=docker/dockerfile:1
#
# Jinzhi's API in a container: a static binary, built with the line CI
# builds it with, on a distroless base that runs it as a user without
# privileges (uid 65532). `docker compose up` runs it beside PostgreSQL
# (compose.yaml); alone, it keeps SQLite and the documents in /data:
#
#   docker build -t jinzhi .
#   docker run -p 127.0.0.1:8080:8080 -v jinzhi-data:/data jinzhi

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# .ci/run runs this very line (into a temporary directory instead of
# /out/) so that the image and CI cannot build differently: keep it one
# line, starting with CGO_ENABLED=0 go build. CGO_ENABLED=0 works because
# SQLite is the pure-Go modernc.org/sqlite; the binary needs no libc.
RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/jinzhi ./cmd/jinzhi
# The data volume's directory, for the final image to own.
RUN mkdir -p /out/data/documents

# distroless/static: CA certificates (for PostgreSQL's verify-full), time
# zone data and /etc/passwd with the nonroot user, and no shell: there is
# nothing in the image but the binary to run or to break into.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/jinzhi /usr/local/bin/jinzhi
# A named volume mounted on /data starts as a copy of this directory, so
# the nonroot user can write the SQLite file and the documents there.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME /data
ENV JINZHI_ADDR=:8080 \
    JINZHI_DATABASE_URL=/data/jinzhi.db \
    JINZHI_DOCUMENTS_DIR=/data/documents \
    JINZHI_METRICS_ADDR=:9464
# 8080 the API; 9464 the Prometheus metrics (set JINZHI_METRICS_TOKEN when
# that port is reachable from other hosts).
EXPOSE 8080 9464
USER 65532:65532
# No HEALTHCHECK: the image has no shell or curl to run one, and the
# orchestrator probes the API itself — GET /healthz (alive: restart when it
# fails) and GET /readyz (the database answers: route traffic), as a
# Kubernetes httpGet probe or a load balancer's health check does.
ENTRYPOINT ["/usr/local/bin/jinzhi"]
CMD ["serve"]
