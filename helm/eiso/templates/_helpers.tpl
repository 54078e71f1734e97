{{/* Names and labels. */}}
{{- define "eiso.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "eiso.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "eiso.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "eiso.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: include "eiso.selectorLabels" (dict "ctx" . "component" "web") */}}
{{- define "eiso.selectorLabels" -}}
app.kubernetes.io/name: {{ include "eiso.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "eiso.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "eiso.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "eiso.fullname" .) -}}
{{- end -}}

{{/* The plain environment, shared by the ConfigMap and the migrate job's hook ConfigMap. */}}
{{- define "eiso.configData" -}}
DJANGO_SETTINGS_MODULE: eiso.settings.prod
EISO_BASE_DOMAIN: {{ .Values.baseDomain | quote }}
EISO_PUBLIC_PORT: {{ .Values.publicPort | quote }}
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
SENTRY_ENVIRONMENT: {{ .Values.config.sentryEnvironment | quote }}
SECURE_COOKIES: {{ .Values.config.secureCookies | quote }}
CONN_MAX_AGE: {{ .Values.config.connMaxAge | quote }}
EISO_FANOUT_CHUNK: {{ .Values.config.fanoutChunk | quote }}
EISO_ROLLUP_CHUNK: {{ .Values.config.rollupChunk | quote }}
EISO_ROLLUP_SKIP_UNUSED: {{ .Values.config.rollupSkipUnused | quote }}
EISO_TENANT_CACHE_SECONDS: {{ .Values.config.tenantCacheSeconds | quote }}
EISO_TRUSTED_PROXY_COUNT: {{ .Values.config.trustedProxyCount | quote }}
CELERY_WORKER_MAX_TASKS_PER_CHILD: {{ .Values.worker.maxTasksPerChild | quote }}
WHITENOISE_USE_FINDERS: "false"
MEDIA_ROOT: /app/var/media
{{- with .Values.config.s3Bucket }}
S3_BUCKET: {{ . | quote }}
{{- end }}
{{- with .Values.config.s3EndpointUrl }}
S3_ENDPOINT_URL: {{ . | quote }}
{{- end }}
{{- range $name, $value := .Values.config.extra }}
{{ $name }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* SECRET_KEY: the given one, else the one already in the release's Secret, else a new random one. */}}
{{- define "eiso.secretKey" -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "eiso.fullname" .) -}}
{{- if .Values.secrets.secretKey -}}
{{- .Values.secrets.secretKey -}}
{{- else if and $existing $existing.data (hasKey $existing.data "SECRET_KEY") -}}
{{- index $existing.data "SECRET_KEY" | b64dec -}}
{{- else -}}
{{- randAlphaNum 50 -}}
{{- end -}}
{{- end -}}

{{- define "eiso.secretData" -}}
SECRET_KEY: {{ include "eiso.secretKey" . | b64enc | quote }}
DATABASE_URL: {{ required "secrets.databaseUrl is required" .Values.secrets.databaseUrl | b64enc | quote }}
REDIS_URL: {{ required "secrets.redisUrl is required" .Values.secrets.redisUrl | b64enc | quote }}
SENTRY_DSN: {{ .Values.secrets.sentryDsn | b64enc | quote }}
S3_ACCESS_KEY: {{ .Values.secrets.s3AccessKey | b64enc | quote }}
S3_SECRET_KEY: {{ .Values.secrets.s3SecretKey | b64enc | quote }}
{{- end -}}

{{/* What every eISO container gets: the ConfigMap, the Secret and the media volume mount. */}}
{{- define "eiso.envFrom" -}}
envFrom:
  - configMapRef:
      name: {{ include "eiso.fullname" . }}-config
  - secretRef:
      name: {{ include "eiso.secretName" . }}
{{- end -}}

{{- define "eiso.podCommon" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The uploaded files' volume, when a claim is given (else S3 or, in a pinch, the pod's own disk). */}}
{{- define "eiso.mediaVolumes" -}}
{{- if .Values.media.existingClaim -}}
volumes:
  - name: media
    persistentVolumeClaim:
      claimName: {{ .Values.media.existingClaim }}
{{- end -}}
{{- end -}}

{{- define "eiso.mediaMounts" -}}
{{- if .Values.media.existingClaim -}}
volumeMounts:
  - name: media
    mountPath: /app/var/media
{{- end -}}
{{- end -}}

{{/* Roll the pods when the configuration changes. */}}
{{- define "eiso.checksums" -}}
checksum/config: {{ include "eiso.configData" . | sha256sum }}
{{- end -}}
