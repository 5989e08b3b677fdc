# litellm.java in a container, serving on port 4000 as LiteLLM's image does:
#   docker build -t litellm-java .
#   docker run -p 4000:4000 -v ./config.yaml:/app/config.yaml:ro -e OPENAI_API_KEY litellm-java --config config.yaml --host 0.0.0.0 --port 4000
# Your own provider scripts, templates and callbacks, edited live: mount folders on /providers, /templates, /callbacks.
# deploy/docker-compose.yml runs two of these behind nginx, with Redis and Postgres.

# Build: Maven fetches JBang and the dependencies, JBang compiles the proxy, and a start trains the start-up cache
# (JDK 25's AOT cache). All of it lands in the user's home, which the runtime copies as it is: the cache is valid only
# for the same JDK, class path and options.
FROM eclipse-temurin:25-jdk AS build
RUN apt-get update && apt-get install -y --no-install-recommends maven && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 litellm
USER litellm
WORKDIR /app
COPY --chown=litellm:litellm . .
RUN ./jbang build litellm.java && LITELLM_AOT_CACHE=build ./jbang litellm.java --host 127.0.0.1 --port 0

# Run: the JDK (JBang checks its build at each start), curl for the health check, no Maven, a user that is not root.
FROM eclipse-temurin:25-jdk
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 litellm
COPY --from=build --chown=litellm:litellm /home/litellm /home/litellm
COPY --from=build --chown=litellm:litellm /app /app
USER litellm
WORKDIR /app
ENV LITELLM_PROVIDERS=/providers LITELLM_TEMPLATES=/templates LITELLM_CALLBACKS=/callbacks
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD curl -fsS http://127.0.0.1:4000/health/liveliness || exit 1
# SIGTERM (docker stop): readiness false at once, new connections refused after 2 s, calls in flight get 30 s
# (--timeout_graceful_shutdown); docker stop's own wait is 10 s: give it more with docker stop -t 40
STOPSIGNAL SIGTERM
ENTRYPOINT ["./jbang", "litellm.java"]
CMD ["--host", "0.0.0.0", "--port", "4000"]
