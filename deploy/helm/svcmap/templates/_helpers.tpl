{{/* Names and labels shared by every template. */}}

{{- define "svcmap.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The objects' name: the release name when it already says svcmap ("helm install svcmap" gives
the names deploy/ uses), else <release>-svcmap. 63 characters is the limit of a label value
and of a Service name (DNS-1035 label).
*/}}
{{- define "svcmap.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "svcmap.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The ClusterRole's or Roles' name, and their bindings'. */}}
{{- define "svcmap.viewerName" -}}
{{- printf "%s-viewer" (include "svcmap.fullname" .) }}
{{- end }}

{{- define "svcmap.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/ */}}
{{- define "svcmap.labels" -}}
helm.sh/chart: {{ include "svcmap.chart" . }}
{{ include "svcmap.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* A Deployment's selector is immutable: only labels that never change between upgrades. */}}
{{- define "svcmap.selectorLabels" -}}
app.kubernetes.io/name: {{ include "svcmap.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the RBAC objects bind, in the release's namespace. */}}
{{- define "svcmap.subject" -}}
- kind: ServiceAccount
  name: {{ include "svcmap.fullname" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}
