{{/* Chart name, overridable. */}}
{{- define "roomcast.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart unless the release name already holds the chart name. */}}
{{- define "roomcast.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "roomcast.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object, without the component. */}}
{{- define "roomcast.commonLabels" -}}
helm.sh/chart: {{ include "roomcast.chart" . }}
app.kubernetes.io/name: {{ include "roomcast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: roomcast
{{- end }}

{{/* Labels on the node's objects. */}}
{{- define "roomcast.labels" -}}
{{ include "roomcast.commonLabels" . }}
app.kubernetes.io/component: node
{{- end }}

{{/* Labels that select the node pods; never change between upgrades. */}}
{{- define "roomcast.selectorLabels" -}}
app.kubernetes.io/name: {{ include "roomcast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: node
{{- end }}

{{- define "roomcast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "roomcast.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "roomcast.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{- define "roomcast.internalServiceName" -}}
{{- printf "%s-internal" (include "roomcast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The bundled Redis: name and selector labels. */}}
{{- define "roomcast.redisName" -}}
{{- printf "%s-redis" (include "roomcast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "roomcast.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "roomcast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end }}

{{/* True (non-empty) when the external Redis has a password in a Secret. */}}
{{- define "roomcast.redisPasswordFromSecret" -}}
{{- if and (not .Values.redis.bundled.enabled) .Values.redis.external.existingSecret }}true{{ end }}
{{- end }}

{{/*
REDIS_URL, in the form of redis.mode. With a password Secret the password goes in as $(REDIS_PASSWORD), which
Kubernetes expands from the REDIS_PASSWORD variable defined before it, so the password never appears in the manifest.
*/}}
{{- define "roomcast.redisUrl" -}}
{{- $user := .Values.redis.external.username | default "" }}
{{- $credentials := "" }}
{{- if include "roomcast.redisPasswordFromSecret" . }}
{{- $credentials = printf "%s:$(REDIS_PASSWORD)@" $user }}
{{- else if $user }}
{{- $credentials = printf "%s@" $user }}
{{- end }}
{{- if .Values.redis.bundled.enabled }}
{{- printf "redis://%s:6379/0" (include "roomcast.redisName" .) }}
{{- else if eq .Values.redis.mode "cluster" }}
{{- if not .Values.redis.cluster.seeds }}
{{- fail "redis.mode cluster needs redis.cluster.seeds: one or more nodes of the Redis Cluster as host:port" }}
{{- end }}
{{- /* the first seed carries scheme and credentials, the node gives them to the bare host:port seeds after it */}}
{{- printf "%s://%s%s" (ternary "rediss" "redis" .Values.redis.cluster.tls) $credentials (join "," .Values.redis.cluster.seeds) }}
{{- else if eq .Values.redis.mode "sentinel" }}
{{- if not .Values.redis.sentinel.sentinels }}
{{- fail "redis.mode sentinel needs redis.sentinel.sentinels: the sentinels as host:port" }}
{{- end }}
{{- printf "redis-sentinel://%s%s/%d#%s" $credentials (join "," .Values.redis.sentinel.sentinels) (int .Values.redis.sentinel.database) (required "redis.sentinel.masterName is required with redis.mode sentinel" .Values.redis.sentinel.masterName) }}
{{- else }}
{{- $url := required "redis.external.url is required (or set redis.bundled.enabled=true to try the chart out)" .Values.redis.external.url }}
{{- if not (regexMatch "^rediss?://[^/@]+" $url) }}
{{- fail (printf "redis.external.url must look like redis://host:port/db or rediss://host:port/db without a password, got %q" $url) }}
{{- end }}
{{- $scheme := ternary "rediss://" "redis://" (hasPrefix "rediss://" $url) }}
{{- printf "%s%s%s" $scheme $credentials (trimPrefix $scheme $url) }}
{{- end }}
{{- end }}

{{/* preStop sleep + drain budget + margin: the pod is never killed while it still drains. */}}
{{- define "roomcast.terminationGracePeriodSeconds" -}}
{{- add (int .Values.lifecycle.preStopSleepSeconds) (int .Values.shutdownGraceSeconds) (int .Values.lifecycle.terminationMarginSeconds) }}
{{- end }}

{{/* drainSpread (250ms, 5s, 2m, 1h: the schema's pattern) in milliseconds. */}}
{{- define "roomcast.drainSpreadMillis" -}}
{{- $text := toString .Values.drainSpread }}
{{- $amount := int64 (regexFind "^[0-9]+" $text) }}
{{- $unit := trimPrefix (regexFind "^[0-9]+" $text) $text }}
{{- $factor := dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000 }}
{{- mul $amount (get $factor $unit) }}
{{- end }}

{{/* Checks that cut across sections (the schema checks each value on its own). */}}
{{- define "roomcast.validate" -}}
{{- if eq (int .Values.ports.client) (int .Values.ports.management) }}
{{- fail "ports.client and ports.management must differ: the management port is never exposed to clients" }}
{{- end }}
{{- if and .Values.adminUi.enabled (eq .Values.adminUi.auth "basic") (not .Values.adminUi.existingSecret) }}
{{- fail "adminUi.enabled with auth basic needs adminUi.existingSecret: name the Secret that holds the bcrypt hash of the Admin UI password (or set adminUi.auth none, on purpose)" }}
{{- end }}
{{- if and .Values.auth.required (not .Values.auth.existingSecret) }}
{{- fail "auth.required is true but auth.existingSecret is empty: name the Secret that holds the JWT secret" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not .Values.autoscaling.targetCPUUtilizationPercentage) (not .Values.autoscaling.connectionsPerPod.enabled) }}
{{- fail "autoscaling needs a metric: set autoscaling.targetCPUUtilizationPercentage or enable autoscaling.connectionsPerPod" }}
{{- end }}
{{- if lt (int64 .Values.config.maxBufferedBytes) (int64 .Values.config.maxPayload) }}
{{- fail "config.maxBufferedBytes must be at least config.maxPayload: one message must fit in a slow client's write buffer" }}
{{- end }}
{{- if and .Values.cors.credentials (not .Values.cors.origins) }}
{{- fail "cors.credentials needs cors.origins: list the origins allowed to send credentials" }}
{{- end }}
{{- if and .Values.cors.credentials (has "*" .Values.cors.origins) }}
{{- fail "cors.credentials cannot be used with cors.origins [\"*\"]: browsers refuse credentials with Access-Control-Allow-Origin: *; list the origins" }}
{{- end }}
{{- if and (has "*" .Values.cors.origins) (gt (len .Values.cors.origins) 1) }}
{{- fail "cors.origins: \"*\" must stand alone" }}
{{- end }}
{{- if and .Values.recovery.maxDisconnection (has .Values.adapter (list "redis" "redis-sharded")) }}
{{- fail (printf "recovery.maxDisconnection needs adapter: redis-streams (or memory on a single pod): the %s adapter cannot recover sessions, as Node's cannot" (ternary "sharded redis-sharded" "classic redis" (eq .Values.adapter "redis-sharded"))) }}
{{- end }}
{{- if and .Values.redis.bundled.enabled (ne .Values.redis.mode "standalone") }}
{{- fail (printf "redis.bundled.enabled runs one standalone Redis: set redis.mode standalone, or turn the bundled Redis off to use redis.mode %s" .Values.redis.mode) }}
{{- end }}
{{- if and .Values.redis.tlsSecret.name (ne .Values.adapter "memory") (not (hasPrefix "rediss://" (include "roomcast.redisUrl" .))) }}
{{- fail "redis.tlsSecret needs a rediss:// Redis: a rediss:// redis.external.url, or redis.cluster.tls=true (Sentinel with TLS is not supported)" }}
{{- end }}
{{- if and (eq .Values.adapter "redis-streams") (eq .Values.redis.mode "cluster") }}
{{- fail "adapter redis-streams does not run with redis.mode cluster: use redis.mode standalone or sentinel, or adapter redis or redis-sharded on a Redis Cluster" }}
{{- end }}
{{- if and (eq .Values.subscriptionMode "dynamic") (ne .Values.adapter "redis-sharded") }}
{{- fail (printf "subscriptionMode dynamic needs adapter: redis-sharded; adapter %s runs static%s" .Values.adapter (ternary " or dynamic-private (dynamic would lose to(socketId) broadcasts from Node nodes)" "" (eq .Values.adapter "redis"))) }}
{{- end }}
{{- if and (eq .Values.subscriptionMode "dynamic-private") (not (has .Values.adapter (list "redis" "redis-sharded"))) }}
{{- fail (printf "subscriptionMode dynamic-private needs adapter: redis-sharded or redis; adapter %s subscribes to the namespace channels only (static)" .Values.adapter) }}
{{- end }}
{{- if and (eq .Values.presence.mode "redis") (eq .Values.adapter "memory") }}
{{- fail "presence.mode redis needs a Redis adapter: with adapter memory use presence.mode local (or leave it empty)" }}
{{- end }}
{{- if and (eq .Values.presence.mode "redis") (eq .Values.redis.mode "cluster") }}
{{- fail "presence.mode redis does not run with redis.mode cluster: use presence.mode adapter (or leave it empty)" }}
{{- end }}
{{- if and (eq .Values.adapter "memory") (or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1)) }}
{{- fail "adapter: memory keeps rooms and sessions inside one pod: set replicaCount=1 and autoscaling.enabled=false, or use adapter redis or redis-streams" }}
{{- end }}
{{- if gt (int64 (include "roomcast.drainSpreadMillis" .)) (mul (int64 .Values.shutdownGraceSeconds) 1000) }}
{{- fail (printf "drainSpread (%s) must be at most shutdownGraceSeconds (%ds)" .Values.drainSpread (int .Values.shutdownGraceSeconds)) }}
{{- end }}
{{- if and .Values.httpRoute.envoyGateway.consistentHash.enabled .Values.httpRoute.sessionPersistence }}
{{- fail "httpRoute.envoyGateway.consistentHash and httpRoute.sessionPersistence are two stickiness mechanisms for one route: set httpRoute.sessionPersistence=null" }}
{{- end }}
{{- end }}

{{/*
Checksum of the Secret references (names and keys) the pods read: pointing at another Secret rolls the pods.
The chart never reads Secret data (`helm template` and GitOps tools see no cluster); after rotating a value in
place, run `kubectl rollout restart`.
*/}}
{{- define "roomcast.secretChecksum" -}}
{{- $refs := list }}
{{- if .Values.auth.existingSecret }}
{{- $refs = append $refs (printf "%s/%s" .Values.auth.existingSecret .Values.auth.jwtSecretKey) }}
{{- end }}
{{- if include "roomcast.redisPasswordFromSecret" . }}
{{- $refs = append $refs (printf "%s/%s" .Values.redis.external.existingSecret .Values.redis.external.existingSecretPasswordKey) }}
{{- end }}
{{- join "\n" $refs | sha256sum }}
{{- end }}

{{/*
"true" when the cluster serves an API group version (.Capabilities.APIVersions, which `helm template` fills from
--api-versions) or when it is listed in .Values.apiVersions; empty otherwise. Call with (list $ "group/version").
*/}}
{{- define "roomcast.hasApi" -}}
{{- $root := index . 0 -}}
{{- $api := index . 1 -}}
{{- if or ($root.Capabilities.APIVersions.Has $api) (has $api $root.Values.apiVersions) }}true{{ end -}}
{{- end }}

{{/*
"true" when a monitoring object is to be rendered: enabled is true, or "auto" and the Prometheus Operator's API
(monitoring.coreos.com/v1) exists. Call with (list $ .Values.metrics.serviceMonitor.enabled).
*/}}
{{- define "roomcast.monitoringOn" -}}
{{- $root := index . 0 -}}
{{- $enabled := toString (index . 1) -}}
{{- if or (eq $enabled "true") (and (eq $enabled "auto") (include "roomcast.hasApi" (list $root "monitoring.coreos.com/v1"))) }}true{{ end -}}
{{- end }}

{{/*
The `helm test` pod: an Engine.IO handshake through the client Service, and readiness through the internal Service.
Call with (dict "root" $ "hook" true); the chart tests render it with "hook" false, since Helm leaves hooks out of
what `helm template` returns through its library.
*/}}
{{- define "roomcast.testPod" -}}
{{- $root := .root -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ include "roomcast.fullname" $root }}-test
  labels:
    {{- include "roomcast.labels" $root | nindent 4 }}
    roomcast.io/test: "true"
  {{- if .hook }}
  annotations:
    "helm.sh/hook": test
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
  {{- end }}
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: handshake
      image: "{{ $root.Values.tests.image.repository }}:{{ $root.Values.tests.image.tag }}"
      imagePullPolicy: {{ $root.Values.tests.image.pullPolicy }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop:
            - ALL
      env:
        - name: HANDSHAKE_URL
          value: "http://{{ include "roomcast.fullname" $root }}:{{ $root.Values.service.port }}/socket.io/?EIO=4&transport=polling"
        - name: READY_URL
          value: "http://{{ include "roomcast.internalServiceName" $root }}:{{ $root.Values.internalService.port }}/health/ready"
      command:
        - sh
        - -c
        - |
          set -eu
          body=$(curl -fsS --max-time 10 --retry 5 --retry-all-errors "$HANDSHAKE_URL")
          case "$body" in
            '0{"sid":'*) echo "Engine.IO handshake: $body" ;;
            *) echo "not an Engine.IO open packet: $body" >&2; exit 1 ;;
          esac
          curl -fsS --max-time 10 --retry 5 --retry-all-errors "$READY_URL"
          echo
      resources:
        requests:
          cpu: 10m
          memory: 16Mi
        limits:
          cpu: 100m
          memory: 32Mi
{{- end }}
