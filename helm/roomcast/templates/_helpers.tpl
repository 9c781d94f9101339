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
REDIS_URL. With a password Secret the password goes in as $(REDIS_PASSWORD), which Kubernetes expands from the
REDIS_PASSWORD variable defined before it, so the password never appears in the manifest.
*/}}
{{- define "roomcast.redisUrl" -}}
{{- if .Values.redis.bundled.enabled }}
{{- printf "redis://%s:6379/0" (include "roomcast.redisName" .) }}
{{- else }}
{{- $url := required "redis.external.url is required (or set redis.bundled.enabled=true to try the chart out)" .Values.redis.external.url }}
{{- if not (regexMatch "^rediss?://[^/@]+" $url) }}
{{- fail (printf "redis.external.url must look like redis://host:port/db or rediss://host:port/db without a password, got %q" $url) }}
{{- end }}
{{- $scheme := ternary "rediss://" "redis://" (hasPrefix "rediss://" $url) }}
{{- $user := .Values.redis.external.username | default "" }}
{{- if include "roomcast.redisPasswordFromSecret" . }}
{{- printf "%s%s:$(REDIS_PASSWORD)@%s" $scheme $user (trimPrefix $scheme $url) }}
{{- else if $user }}
{{- printf "%s%s@%s" $scheme $user (trimPrefix $scheme $url) }}
{{- else }}
{{- $url }}
{{- end }}
{{- end }}
{{- end }}

{{/* preStop sleep + drain budget + margin: the pod is never killed while it still drains. */}}
{{- define "roomcast.terminationGracePeriodSeconds" -}}
{{- add (int .Values.lifecycle.preStopSleepSeconds) (int .Values.shutdownGraceSeconds) (int .Values.lifecycle.terminationMarginSeconds) }}
{{- end }}

{{/* Checks that cut across sections (the schema checks each value on its own). */}}
{{- define "roomcast.validate" -}}
{{- if eq (int .Values.ports.client) (int .Values.ports.management) }}
{{- fail "ports.client and ports.management must differ: the management port is never exposed to clients" }}
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
{{- if and .Values.httpRoute.enabled (not .Values.httpRoute.parentRefs) }}
{{- fail "httpRoute.enabled needs httpRoute.parentRefs: the Gateway(s) the route attaches to" }}
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
