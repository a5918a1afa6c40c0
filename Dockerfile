# The Meshledger node image: build the jar first (mvn -B -DskipTests package), then
#   docker build -t meshledger/node:0.1.0 .
# Runs as uid 10001 (numeric, so Kubernetes' runAsNonRoot can verify it). Without arguments the
# node starts from its defaults and the environment; k8s/statefulset.yaml passes -conf and -cluster.
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 meshledger \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin meshledger \
 && mkdir -p /app/conf /data \
 && chown 10001:10001 /data

WORKDIR /app
COPY target/node-fat.jar /app/node-fat.jar
COPY conf/cluster.xml conf/cluster-k8s.xml /app/conf/

# listen on the container's interfaces; the data directory is the volume at /data
ENV NODE_DATA_DIR=/data \
    P2P_HOST=0.0.0.0 \
    HTTP_HOST=0.0.0.0 \
    MALLOC_ARENA_MAX=2
# P2P, HTTP API and dashboard, Hazelcast (with -cluster)
EXPOSE 7001 8001 5701
USER 10001:10001

# heap sized from the container's memory limit, leaving room for what lives outside it (RocksDB's
# 64 MB, metaspace and code ~60 MB, threads; two malloc arenas above); exit (and be restarted)
# rather than limp on
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=40", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/node-fat.jar"]
