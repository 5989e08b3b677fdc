// The core library as a JBang project: the JDK, the dependencies (the one place their versions are written, but
// picocli's) and the sources. litellm.java depends on it, and so can any JBang script: //DEPS <path or URL>/src/Library.java
// puts the Java API (litellm.LiteLLM) on its class path, built once and cached by JBang.
// No code: this file only carries the directives.
//JAVA 25+
//DEPS io.javalin:javalin:6.7.0
//DEPS com.fasterxml.jackson:jackson-bom:2.20.1@pom
//DEPS com.fasterxml.jackson.core:jackson-databind
//DEPS org.apache.groovy:groovy:5.0.8
//DEPS org.yaml:snakeyaml:2.5
//DEPS ch.qos.logback:logback-classic:1.5.38
// JSON log lines (litellm_settings.json_logs): Logback's encoder of the Logstash JSON format
//DEPS net.logstash.logback:logstash-logback-encoder:8.1
//DEPS com.hubspot.jinjava:jinjava:2.8.2
//DEPS com.knuddels:jtokkit:1.1.0
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:http-auth-aws
//DEPS software.amazon.awssdk:auth
//DEPS software.amazon.awssdk:regions
//DEPS software.amazon.awssdk:eventstream
//DEPS org.apache.httpcomponents.client5:httpclient5:5.6.5
//DEPS redis.clients:jedis:7.1.0
//DEPS io.prometheus:prometheus-metrics-core:1.10.0
//DEPS io.prometheus:prometheus-metrics-exposition-textformats:1.10.0
// Vertex AI's credentials (service-account keys, application-default credentials): Google's own auth library.
//DEPS com.google.auth:google-auth-library-oauth2-http:1.58.0
// Guava for Jinjava and Google's library, the JRE flavour named here: without it, protobuf's parent POM (a test
// dependency's) pins guava 32.0.1-android in the tests, which lacks the collectors Jinjava calls.
//DEPS com.google.guava:guava:33.7.2-jre
// callbacks: ["otel"]: spans exported over OTLP (http/protobuf)
//DEPS io.opentelemetry:opentelemetry-bom:1.68.0@pom
//DEPS io.opentelemetry:opentelemetry-sdk
//DEPS io.opentelemetry:opentelemetry-exporter-otlp
//DEPS io.opentelemetry:opentelemetry-exporter-sender-jdk
// Virtual keys and spend (src/litellm/keys): PostgreSQL, or H2 in a file when no database is named; one pool for both.
//DEPS org.postgresql:postgresql:42.7.13
//DEPS com.h2database:h2:2.3.232
//DEPS com.zaxxer:HikariCP:5.1.0
// The eval's json scorer (scripts/eval.java, src/litellm/eval): last, so that the proxy never opens its jars.
//DEPS com.networknt:json-schema-validator:1.5.9
// src/Sources.java lists the core's sources and the built-in scripts one a line (JBang expands no pattern in a script
// fetched by URL, as `jbang litellm@<org>` fetches this one); `./jbang tools/sources.java` writes it again.
//SOURCES Sources.java
// The log's set-up before the command line's (litellm.log.DefaultLogging), found by Logback
//FILES META-INF/services/ch.qos.logback.classic.spi.Configurator=META-INF/services/ch.qos.logback.classic.spi.Configurator
//SOURCES ../vendor/picocli/CommandLine.java
