package dev.culprit.server;

/** The API's OpenAPI 3 description, served at {@code /openapi.json}; written by hand next to {@link Server}. */
final class OpenApi {
    private OpenApi() {
    }

    static final String TEXT = """
            {
              "openapi": "3.0.3",
              "info": {"title": "culprit server", "version": "0.1.0",
                "description": "Queues bisection jobs, hands them to workers under leases, journals their steps and shows them. Writes need the bearer token; reads too unless the server runs with --public-read."},
              "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                "schemas": {
                  "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
                  "BisectSpec": {"type": "object", "description": "The options of culprit bisect by long name without dashes; work, db, json and log belong to the worker. Revisions, paths and option values must hold no shell metacharacter; build and test are shell commands. A kernel job (kernel: true) gives kernel-config and repro (absolute paths on the workers) instead of build, test and artifact.",
                    "required": ["repo", "bad"],
                    "properties": {"kind": {"type": "string", "enum": ["bisect"]}, "repo": {"type": "string"}, "bad": {"type": "string"},
                      "good": {"type": "array", "items": {"type": "string"}}, "build": {"type": "string"}, "test": {"type": "string"},
                      "artifact": {"type": "array", "items": {"type": "string"}}, "runs": {"type": "integer"}, "jobs": {"type": "integer"},
                      "strategy": {"type": "string", "enum": ["bayes", "classic"]}, "title": {"type": "string"}, "fix": {"type": "boolean"},
                      "kernel": {"type": "boolean"}, "kernel-config": {"type": "string"}, "repro": {"type": "string"}, "vms": {"type": "integer"},
                      "cmdline": {"type": "string"}, "image": {"type": "string"}, "compiler": {"type": "string"}},
                    "additionalProperties": true},
                  "SimSpec": {"type": "object", "required": ["kind", "scenario"],
                    "properties": {"kind": {"type": "string", "enum": ["sim"]}, "scenario": {"type": "string"},
                      "strategy": {"type": "string", "enum": ["bayes", "classic"]}, "seed": {"type": "integer"}, "trial": {"type": "integer"}}},
                  "Job": {"type": "object", "properties": {"id": {"type": "integer"}, "kind": {"type": "string"},
                    "state": {"type": "string", "enum": ["queued", "running", "done", "failed", "cancelled"]},
                    "summary": {"type": "string"}, "spec": {"type": "object"}, "bisectionId": {"type": "integer", "nullable": true},
                    "claims": {"type": "integer"}, "worker": {"type": "string", "nullable": true}, "verdict": {"type": "string"},
                    "culprit": {"type": "string", "nullable": true}, "confidence": {"type": "number"}, "error": {"type": "string"},
                    "created": {"type": "string"}, "started": {"type": "string", "nullable": true}, "finished": {"type": "string", "nullable": true}}}
                }
              },
              "security": [{"bearer": []}],
              "paths": {
                "/api/jobs": {
                  "get": {"summary": "List jobs, newest first", "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "the jobs"}, "401": {"description": "token needed"}}},
                  "post": {"summary": "Submit a job", "requestBody": {"required": true, "content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/BisectSpec"}, {"$ref": "#/components/schemas/SimSpec"}]}}}},
                    "responses": {"201": {"description": "queued", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
                      "400": {"description": "invalid spec, malformed JSON or body too large", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                      "401": {"description": "token needed"}}}
                },
                "/api/jobs/{id}": {"get": {"summary": "A job's state", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                  "responses": {"200": {"description": "the job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "404": {"description": "no such job"}}}},
                "/api/jobs/{id}/log": {"get": {"summary": "The job's log as text; follow=true streams it until the job ends",
                  "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "follow", "in": "query", "schema": {"type": "boolean"}}, {"name": "from", "in": "query", "schema": {"type": "integer"}}],
                  "responses": {"200": {"description": "log lines", "content": {"text/plain": {}}}}}},
                "/api/jobs/{id}/result": {"get": {"summary": "The result JSON (culprit bisect --json) once done", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                  "responses": {"200": {"description": "the result"}, "404": {"description": "no result yet"}}}},
                "/api/jobs/{id}/cancel": {"post": {"summary": "Cancel a queued or running job", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                  "responses": {"200": {"description": "cancelled"}, "409": {"description": "already finished"}}}},
                "/api/worker/claim": {"post": {"summary": "A worker asks for a job; 204 when none waits",
                  "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["worker"], "properties": {"worker": {"type": "string"}, "embedded": {"type": "boolean"}}}}}},
                  "responses": {"200": {"description": "a job with leaseId and leaseMs"}, "204": {"description": "no job"}}}},
                "/api/worker/jobs/{id}/heartbeat": {"post": {"summary": "Extend the lease", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                  "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["lease"], "properties": {"lease": {"type": "string"}}}}}},
                  "responses": {"200": {"description": "extended"}, "409": {"description": "the lease is lost"}}}},
                "/api/worker/jobs/{id}/finish": {"post": {"summary": "Report the final state and result", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                  "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["lease", "state"], "properties": {"lease": {"type": "string"}, "state": {"type": "string", "enum": ["done", "failed"]}, "result": {"type": "string", "nullable": true}, "error": {"type": "string"}}}}}},
                  "responses": {"200": {"description": "recorded"}, "409": {"description": "the lease is lost"}}}},
                "/api/journal/{op}": {"post": {"summary": "One operation of the journal (the Store interface) for a worker's bisection; X-Culprit-Job and X-Culprit-Lease fence writes to the lease holder",
                  "parameters": [{"name": "op", "in": "path", "required": true, "schema": {"type": "string"}}],
                  "responses": {"200": {"description": "{\\"value\\": ...}"}, "409": {"description": "the lease is lost"}}}},
                "/api/artifacts/{signature}": {
                  "parameters": [{"name": "signature", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{8,128}$"}}],
                  "head": {"summary": "Whether the server holds a build's artifacts (token needed, even with --public-read); X-Culprit-Max-Artifact gives the largest upload taken",
                    "responses": {"200": {"description": "held"}, "404": {"description": "not held"}}},
                  "get": {"summary": "A build's artifacts as a bundle: a zip whose first entry culprit-artifact.json lists each file's path, bytes and executable bit",
                    "responses": {"200": {"description": "the bundle", "content": {"application/zip": {}}}, "404": {"description": "not held"}}},
                  "put": {"summary": "A worker shares a build's artifacts after building (streamed; checked as it arrives)",
                    "requestBody": {"required": true, "content": {"application/zip": {}}},
                    "responses": {"201": {"description": "stored"}, "200": {"description": "held already"},
                      "400": {"description": "malformed bundle, a path leaving the bundle, sizes unlike the manifest's, or over --max-artifact", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                      "401": {"description": "token needed"}}}},
                "/api/stats": {"get": {"summary": "API latency per route (count, p50, p99, max in ms)", "responses": {"200": {"description": "figures"}}}},
                "/openapi.json": {"get": {"summary": "This description", "security": [], "responses": {"200": {"description": "OpenAPI 3"}}}}
              }
            }
            """;
}
