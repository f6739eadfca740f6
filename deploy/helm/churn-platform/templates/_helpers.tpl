{{/* Chart name, overridable. */}}
{{- define "churn-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped name prefix of every object. */}}
{{- define "churn-platform.fullname" -}}
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

{{- define "churn-platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. Argument: the root context. */}}
{{- define "churn-platform.labels" -}}
helm.sh/chart: {{ include "churn-platform.chart" . }}
app.kubernetes.io/name: {{ include "churn-platform.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: churn-platform
{{- end }}

{{/* Name of one service's objects. Argument: dict "root" $ "name" <service>. */}}
{{- define "churn-platform.componentName" -}}
{{- printf "%s-%s" (include "churn-platform.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector of one service's pods. Argument: dict "root" $ "name" <service>. */}}
{{- define "churn-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "churn-platform.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* Labels of one service's objects. Argument: dict "root" $ "name" <service>. */}}
{{- define "churn-platform.componentLabels" -}}
{{ include "churn-platform.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* "true" when a service block is enabled (a block without `enabled` counts as enabled). */}}
{{- define "churn-platform.enabled" -}}
{{- if or (not (hasKey . "enabled")) .enabled }}true{{ end }}
{{- end }}

{{/* "true" when a service has an HPA. Argument: the service's values. */}}
{{- define "churn-platform.hpaEnabled" -}}
{{- if dig "autoscaling" "enabled" false . }}true{{ end }}
{{- end }}

{{/* The ServiceAccount of the service pods. */}}
{{- define "churn-platform.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "churn-platform.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The ServiceAccount of the hook jobs. Pre-install hooks run before the chart's own objects exist,
so they cannot use a ServiceAccount the chart creates: an existing one (create=false) or the
namespace's default. The jobs do not talk to the Kubernetes API either way.
*/}}
{{- define "churn-platform.hookServiceAccountName" -}}
{{- if and (not .Values.serviceAccount.create) .Values.serviceAccount.name }}
{{- .Values.serviceAccount.name }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/* A service's image. Argument: dict "root" $ "name" <service> "cfg" <service values>. */}}
{{- define "churn-platform.image" -}}
{{- $image := .cfg.image | default dict }}
{{- $repository := $image.repository | default (printf "%s/%s" .root.Values.image.repository .name) }}
{{- $tag := $image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- printf "%s:%s" $repository (toString $tag) }}
{{- end }}

{{/*
An environment value as a string. Helm reads numbers in values files as float64, which print as
6.048e+08 from a million up: whole numbers are printed as integers.
*/}}
{{- define "churn-platform.envValue" -}}
{{- if and (kindIs "float64" .) (eq (float64 (int64 .)) .) }}
{{- int64 . }}
{{- else }}
{{- toString . }}
{{- end }}
{{- end }}

{{/* The shared non-secret settings, as a YAML map (the ConfigMap's data; inlined in hook jobs). */}}
{{- define "churn-platform.sharedConfig" -}}
{{- $prefix := .Values.kafka.topicPrefix | default "" }}
{{- if not (regexMatch "^[A-Za-z0-9._-]*$" $prefix) }}
{{- fail "kafka.topicPrefix: letters, digits, '.', '_' and '-' only" }}
{{- end }}
# The services bind to loopback unless told otherwise.
HOST: "0.0.0.0"
KAFKA_BROKERS: {{ required "kafka.brokers is required: the external Kafka's bootstrap list (host:port,...)" .Values.kafka.brokers | quote }}
TOPIC_PREFIX: {{ $prefix | quote }}
LOG_LEVEL: {{ .Values.logLevel | default "info" | quote }}
{{- if and (not .Values.redis.existingSecret) .Values.redis.url }}
REDIS_URL: {{ .Values.redis.url | quote }}
{{- end }}
{{- if .Values.redis.keyPrefix }}
REDIS_KEY_PREFIX: {{ .Values.redis.keyPrefix | quote }}
{{- end }}
{{- range $name, $cfg := .Values.services }}
{{- if and (include "churn-platform.enabled" $cfg) $cfg.urlEnv }}
{{ $cfg.urlEnv }}: {{ printf "http://%s:%s" (include "churn-platform.componentName" (dict "root" $ "name" $name)) (include "churn-platform.envValue" $cfg.port) | quote }}
{{- end }}
{{- end }}
{{- range $key, $value := .Values.sharedEnv }}
{{ $key }}: {{ include "churn-platform.envValue" $value | quote }}
{{- end }}
{{- end }}

{{/*
The per-container environment of a service (after the shared settings): PORT, CONSUMER_GROUP,
DATABASE_URL and REDIS_URL from their Secrets, then the service's env and extraEnv.
Argument: dict "root" $ "name" <service> "cfg" <service values>.
*/}}
{{- define "churn-platform.serviceEnv" -}}
{{- $root := .root }}
{{- $db := .cfg.database | default dict }}
{{- $dbSecret := $db.existingSecret | default $root.Values.database.existingSecret }}
{{- $dbKey := $db.secretKey | default $root.Values.database.secretKey | default "DATABASE_URL" }}
{{- if not $dbSecret }}
{{- fail "database.existingSecret is required: the name of a Secret holding DATABASE_URL (the URL is never put in values)" }}
{{- end }}
{{- if not (or $root.Values.redis.existingSecret $root.Values.redis.url) }}
{{- fail "redis.url or redis.existingSecret is required (scoring and the gateway keep live scores in Redis)" }}
{{- end }}
- name: PORT
  value: {{ include "churn-platform.envValue" (required (printf "services.%s.port is required" .name) .cfg.port) | quote }}
{{- if .cfg.consumerGroup }}
- name: CONSUMER_GROUP
  value: {{ .cfg.consumerGroup | quote }}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $dbSecret }}
      key: {{ $dbKey }}
{{- if $root.Values.redis.existingSecret }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.redis.existingSecret }}
      key: {{ $root.Values.redis.secretKey | default "REDIS_URL" }}
{{- end }}
{{- range $key, $value := .cfg.env }}
- name: {{ $key }}
  value: {{ include "churn-platform.envValue" $value | quote }}
{{- end }}
{{- with .cfg.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The partition ceiling of a service: the largest partition count among the topics it consumes
(a topic with N partitions keeps at most N members of a group busy). Empty when it consumes none.
Argument: dict "root" $ "name" <service> "cfg" <service values>.
*/}}
{{- define "churn-platform.partitionCeiling" -}}
{{- $ceiling := 0 }}
{{- range $topic := (.cfg.consumes | default list) }}
{{- $found := false }}
{{- range $.root.Values.topics.catalogue }}
{{- if eq .name $topic }}
{{- $found = true }}
{{- if gt (int .partitions) $ceiling }}
{{- $ceiling = int .partitions }}
{{- end }}
{{- end }}
{{- end }}
{{- if not $found }}
{{- fail (printf "services.%s.consumes names %s, which is not in topics.catalogue" $.name $topic) }}
{{- end }}
{{- end }}
{{- if gt $ceiling 0 }}{{ $ceiling }}{{ end }}
{{- end }}

{{/* Pod-level scheduling and security shared by the deployments. Argument: dict "root" $ "name" <service>. */}}
{{- define "churn-platform.podScheduling" -}}
{{- $root := .root }}
{{- with $root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if $root.Values.spreadAcrossNodes }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "churn-platform.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end }}

{{/*
Fails when a replica count leaves pods with no partition: more than the partition ceiling of the
service's consumer group, unless allowBeyondPartitions. Argument: dict "root" $ "name" <service>
"cfg" <service values> "replicas" <int> "field" <values path, for the message>.
*/}}
{{- define "churn-platform.checkPartitionCeiling" -}}
{{- $ceiling := include "churn-platform.partitionCeiling" . }}
{{- if and $ceiling (gt (int .replicas) (atoi $ceiling)) (not .cfg.allowBeyondPartitions) }}
{{- fail (printf "services.%s.%s (%d) exceeds %s, the most partitions among the topics its consumer group reads (%s): the extra replicas would get no partition. Raise the topics' partitions first (README.md, Scaling) and update topics.catalogue, or set services.%s.allowBeyondPartitions." .name .field (int .replicas) $ceiling (join ", " .cfg.consumes) .name) }}
{{- end }}
{{- end }}

{{/* The consumer group id as the broker sees it (<topicPrefix>.<group> with a prefix). */}}
{{- define "churn-platform.groupId" -}}
{{- $group := .cfg.consumerGroup | default .name }}
{{- if .root.Values.kafka.topicPrefix }}{{ printf "%s.%s" .root.Values.kafka.topicPrefix $group }}{{ else }}{{ $group }}{{ end }}
{{- end }}
