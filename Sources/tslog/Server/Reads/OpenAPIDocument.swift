/// The OpenAPI 3.1 description of every endpoint `tslog serve` answers (the read routes here
/// and the server's own: events, the stream, the Supabase hook, metrics, health), served at
/// `GET /v1/openapi.json`. docs/http.md says the same for people; a test checks that the two
/// name the same paths and that this parses as JSON, and `OpenAPIStatusTests` that each
/// operation lists every status the server sends for it (the transport's refusals too).
enum OpenAPIDocument {
    /// The document's bytes (UTF-8 JSON, a newline at the end).
    static let bytes: [UInt8] = Array(text.utf8)

    static let text = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "tslog",
    "version": "1",
    "summary": "The training-sample event log of the image-labelling app, over HTTP.",
    "description": "Appends go to an append-only, checksummed log (a 2xx means fsynced); reads answer from projections kept current in memory and are byte for byte what the tslog CLI prints for the same arguments. The reads name the seq they reflect in X-Tslog-Seq and a weak ETag (W/\"SEQ\"); a matching If-None-Match gets 304. Send `Authorization: Bearer TOKEN` (a read or write token from --token-file) to everything but /healthz."
  },
  "servers": [{ "url": "http://127.0.0.1:8787" }],
  "security": [{ "bearer": [] }],
  "paths": {
    "/healthz": {
      "get": {
        "summary": "Liveness: 200 while the server runs. No token needed.",
        "security": [],
        "responses": {
          "200": { "description": "The server is up." },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/events": {
      "post": {
        "summary": "Append events: NDJSON (or a JSON array) of the lines `tslog append` takes. All or nothing. Needs a write token.",
        "parameters": [
          { "name": "skip_invalid", "in": "query", "schema": { "type": "boolean" }, "description": "As `--skip-invalid`: append the valid lines, report the others." }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/x-ndjson": { "schema": { "type": "string" } },
            "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/InputEvent" } } }
          }
        },
        "responses": {
          "201": { "description": "Something was appended.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppendResult" } } } },
          "200": { "description": "Every line was a duplicate of a stored event_id; nothing appended.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppendResult" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "409": { "description": "A precondition (`expect_last_seq`) failed; nothing appended.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Conflict" } } } },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "422": { "description": "The batch was refused; nothing appended.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Refusal" } } } },
          "408": { "$ref": "#/components/responses/Timeout" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" },
          "507": { "$ref": "#/components/responses/InsufficientStorage" }
        }
      },
      "get": {
        "summary": "The stored lines, exactly as on disk, as NDJSON.",
        "parameters": [
          { "name": "from_seq", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 9223372036854775807 } },
          { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "default": 1000, "maximum": 100000 } },
          { "name": "type", "in": "query", "schema": { "type": "string" }, "description": "Only events of this type, e.g. sample.submitted; log.lost repair markers are always included, as tslog log shows them." },
          { "name": "sample_id", "in": "query", "schema": { "type": "string", "format": "uuid" } }
        ],
        "responses": {
          "200": { "description": "One stored record per line.", "content": { "application/x-ndjson": { "schema": { "type": "string" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/events/stream": {
      "get": {
        "summary": "Server-Sent Events: `id: SEQ`, `event: TYPE`, `data: STORED-LINE`; resumes after Last-Event-ID; a comment line every --heartbeat seconds.",
        "parameters": [
          { "name": "from_seq", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 9223372036854775807 } },
          { "name": "type", "in": "query", "schema": { "type": "string" } },
          { "name": "sample_id", "in": "query", "schema": { "type": "string", "format": "uuid" } },
          { "name": "Last-Event-ID", "in": "header", "schema": { "type": "string" } }
        ],
        "responses": {
          "200": { "description": "The stream.", "content": { "text/event-stream": { "schema": { "type": "string" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/hooks/supabase": {
      "post": {
        "summary": "A Supabase Database Webhook delivery for training_samples, turned into the events that take the log from old_record to record. A repeated delivery appends nothing. Needs a write token.",
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SupabaseWebhook" } } } },
        "responses": {
          "201": { "description": "Events appended.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppendResult" } } } },
          "200": { "description": "Already applied; nothing appended.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppendResult" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "422": { "description": "The change cannot be mapped; nothing appended.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Refusal" } } } },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" },
          "507": { "$ref": "#/components/responses/InsufficientStorage" }
        }
      }
    },
    "/v1/query/{name}": {
      "get": {
        "summary": "One of the app guide's questions, as `tslog query NAME --format json|csv`.",
        "parameters": [
          { "name": "name", "in": "path", "required": true, "schema": { "type": "string", "enum": ["label-types", "labels", "failed", "daily", "samples", "accepted", "scans", "balance", "overall", "problems"] } },
          { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json", "csv"], "default": "json" } },
          { "name": "label_type", "in": "query", "schema": { "type": "string", "enum": ["defect", "region", "grade"] }, "description": "labels, samples, balance (balance: default grade)." },
          { "name": "label", "in": "query", "schema": { "type": "string" }, "description": "samples (required there)." },
          { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 0 } },
          { "name": "days", "in": "query", "schema": { "type": "integer", "minimum": 1, "default": 30 }, "description": "daily." },
          { "name": "below", "in": "query", "schema": { "type": "integer", "minimum": 0, "default": 10 }, "description": "balance." },
          { "$ref": "#/components/parameters/asOfSeq" },
          { "$ref": "#/components/parameters/asOf" },
          { "$ref": "#/components/parameters/asOfTag" },
          { "$ref": "#/components/parameters/validAt" },
          { "name": "raw_cells", "in": "query", "schema": { "type": "boolean", "default": false }, "description": "csv: no ' before text cells starting with = + - @ tab CR or '. (The CLI's --fail-if-rows has no parameter: it sets an exit status; test whether the rows are empty.)" }
        ],
        "responses": {
          "200": { "description": "The rows.", "content": { "application/json": { "schema": {} }, "text/csv": { "schema": { "type": "string" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "404": { "description": "No such query; the body lists the queries.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "304": { "$ref": "#/components/responses/NotModified" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/stats": {
      "get": {
        "summary": "The dashboard, as `tslog project stats --format json`.",
        "parameters": [
          { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json"], "default": "json" } },
          { "$ref": "#/components/parameters/asOfSeq" },
          { "$ref": "#/components/parameters/asOf" },
          { "$ref": "#/components/parameters/asOfTag" },
          { "$ref": "#/components/parameters/validAt" }
        ],
        "responses": {
          "200": { "description": "The dashboard.", "content": { "application/json": { "schema": { "type": "object" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "304": { "$ref": "#/components/responses/NotModified" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/samples/{id}/history": {
      "get": {
        "summary": "Every event about one sample, as `tslog history ID --format json`.",
        "parameters": [
          { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } },
          { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json"], "default": "json" } }
        ],
        "responses": {
          "200": { "description": "The history.", "content": { "application/json": { "schema": { "type": "array" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "404": { "description": "The log holds no event about this sample.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "304": { "$ref": "#/components/responses/NotModified" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/export": {
      "get": {
        "summary": "The training_samples rows, as `tslog export` (standard output).",
        "parameters": [
          { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["csv", "json", "jsonl", "sql", "roboflow", "label-studio", "manifest"], "default": "csv" } },
          { "name": "status", "in": "query", "schema": { "type": "string", "enum": ["submitted", "accepted", "rejected", "error"] } },
          { "name": "label_type", "in": "query", "schema": { "type": "string", "enum": ["defect", "region", "grade"] } },
          { "name": "label", "in": "query", "schema": { "type": "string" } },
          { "name": "raw_cells", "in": "query", "schema": { "type": "boolean", "default": false }, "description": "csv: no ' before text cells starting with = + - @ tab CR or '." },
          { "name": "sql_form", "in": "query", "schema": { "type": "string", "enum": ["create", "rows", "upsert"], "default": "create" }, "description": "sql: create (the table if missing, then INSERTs), rows (INSERTs only) or upsert (make an existing table equal to the export; no status, label_type or label)." },
          { "$ref": "#/components/parameters/asOfSeq" },
          { "$ref": "#/components/parameters/asOf" },
          { "$ref": "#/components/parameters/asOfTag" },
          { "$ref": "#/components/parameters/validAt" }
        ],
        "responses": {
          "200": { "description": "The export.", "content": { "text/csv": { "schema": { "type": "string" } }, "application/json": { "schema": {} }, "application/x-ndjson": { "schema": { "type": "string" } }, "application/sql": { "schema": { "type": "string" } }, "text/tab-separated-values": { "schema": { "type": "string" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "409": { "description": "format sql: a row's source_scan_id is not a uuid (the table's column type); nothing exported.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "304": { "$ref": "#/components/responses/NotModified" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/report": {
      "get": {
        "summary": "The dashboard page, as `tslog report` (its generated time is the server's clock, or SOURCE_DATE_EPOCH).",
        "parameters": [
          { "name": "below", "in": "query", "schema": { "type": "integer", "minimum": 0, "default": 10 } },
          { "$ref": "#/components/parameters/asOfSeq" },
          { "$ref": "#/components/parameters/asOf" },
          { "$ref": "#/components/parameters/asOfTag" },
          { "$ref": "#/components/parameters/validAt" }
        ],
        "responses": {
          "200": { "description": "A self-contained HTML page.", "content": { "text/html": { "schema": { "type": "string" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "304": { "$ref": "#/components/responses/NotModified" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/tags": {
      "get": {
        "summary": "The tags, as `tslog tags --format json|csv`.",
        "parameters": [
          { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json", "csv"], "default": "json" } }
        ],
        "responses": {
          "200": { "description": "The tags.", "content": { "application/json": { "schema": { "type": "array" } }, "text/csv": { "schema": { "type": "string" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "304": { "$ref": "#/components/responses/NotModified" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      },
      "post": {
        "summary": "Name a point in the log, as `tslog tag NAME`. Needs a write token.",
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": {
            "type": "object", "required": ["name"], "additionalProperties": false,
            "properties": {
              "name": { "type": "string", "maxLength": 128 },
              "at_seq": { "type": "integer", "minimum": 0, "description": "Default: the end of the log." },
              "note": { "type": "string" },
              "move": { "type": "boolean", "default": false }
            } } } }
        },
        "responses": {
          "201": { "description": "The tag was set.", "content": { "application/json": { "schema": {
            "type": "object",
            "properties": {
              "name": { "type": "string" }, "seq": { "type": "integer" }, "record_seq": { "type": "integer" },
              "note": { "type": ["string", "null"] }, "moved_from": { "type": ["integer", "null"] }
            } } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "409": { "description": "The tag exists and move is not true.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" },
          "507": { "$ref": "#/components/responses/InsufficientStorage" }
        }
      }
    },
    "/v1/status": {
      "get": {
        "summary": "The log's position and size, and the server's uptime.",
        "responses": {
          "200": { "description": "Status.", "content": { "application/json": { "schema": {
            "type": "object",
            "properties": {
              "last_seq": { "type": "integer" }, "segments": { "type": "integer" }, "bytes": { "type": "integer" },
              "started_at": { "type": "string", "format": "date-time" }, "uptime_seconds": { "type": "integer" }
            } } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "304": { "$ref": "#/components/responses/NotModified" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/v1/openapi.json": {
      "get": {
        "summary": "This document.",
        "responses": {
          "200": { "description": "OpenAPI 3.1.", "content": { "application/json": { "schema": { "type": "object" } } } },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "304": { "$ref": "#/components/responses/NotModified" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "500": { "$ref": "#/components/responses/InternalError" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus text format: last seq, samples per status and label type, appends and duplicates, latency histograms, requests by status, open connections. Read token.",
        "responses": {
          "200": { "description": "Metrics.", "content": { "text/plain": { "schema": { "type": "string" } } } },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "408": { "$ref": "#/components/responses/Timeout" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "431": { "$ref": "#/components/responses/HeadTooLarge" },
          "503": { "$ref": "#/components/responses/Unavailable" },
          "505": { "$ref": "#/components/responses/VersionNotSupported" }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": { "type": "http", "scheme": "bearer", "description": "A token from --token-file: `read` tokens read, `write` tokens also append. The token's NAME is recorded as the actor of what it appends." }
    },
    "parameters": {
      "asOfSeq": { "name": "as_of_seq", "in": "query", "schema": { "type": "integer", "minimum": 0 }, "description": "Answer from the events with seq at most N." },
      "asOf": { "name": "as_of", "in": "query", "schema": { "$ref": "#/components/schemas/Time" }, "description": "Answer from the events recorded at or before this time." },
      "asOfTag": { "name": "as_of_tag", "in": "query", "schema": { "type": "string" }, "description": "Answer as of the point a tag names." },
      "validAt": { "name": "valid_at", "in": "query", "schema": { "$ref": "#/components/schemas/Time" }, "description": "Answer with the table as it stood at this time by the events' occurred_at (valid time), as the log knows it now or at the as_of point." }
    },
    "responses": {
      "BadRequest": { "description": "A bad parameter (an unknown one too) or body, or a malformed request: its line, a header, a missing, repeated or invalid Host, its framing (Content-Length, Transfer-Encoding, a chunk); the body names what was wrong. A protocol error closes the connection.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Unauthorized": { "description": "No token, or an unknown one." },
      "Forbidden": { "description": "A read token on a write." },
      "NotModified": { "description": "If-None-Match names the ETag (W/\"SEQ\") of the answer, or is *: nothing changed; no body." },
      "Timeout": { "description": "The request did not arrive completely within --read-timeout; the connection is closed.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "TooLarge": { "description": "The body is over --max-body (announced, or found while de-chunking); nothing is done and the connection is closed.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "HeadTooLarge": { "description": "The request head is over 16 KiB, or has more than 100 header fields; the connection is closed.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "InternalError": { "description": "An unexpected failure, named in the body (e.g. an append after a failed fsync: the writer is unusable until a restart).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Unavailable": {
        "description": "Over --max-connections (the connection is answered at once and closed, whatever it asked), or the server is out of file descriptors, also when an append needed one (nothing of it stored). Try again after Retry-After.",
        "headers": { "Retry-After": { "description": "Seconds to wait: 1 when out of file descriptors.", "schema": { "type": "integer" } } },
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
      },
      "VersionNotSupported": { "description": "An HTTP version other than 1.0 and 1.1.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "InsufficientStorage": { "description": "The log's storage ran out (a full disk, a quota, the file size limit): nothing of the request was stored; the same request succeeds once there is room, no restart needed.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    },
    "schemas": {
      "Time": {
        "type": "string",
        "description": "A time as people type it (docs/events.md, Times), not only RFC 3339 date-time: RFC 3339 (2026-11-20T09:15:00.123456Z, 2026-11-20T10:15:00+01:00); PostgreSQL's timestamptz text (2026-11-20 09:15:00.123456+00, offsets +05:30, +0530, +05, -00:53:28); no offset, meaning UTC (2026-11-20 09:15:00, 2026-11-20T09:15); or a bare date, meaning the start of that UTC day (2026-11-20). Separator T, t or one space; seconds optional; up to nine fraction digits; years 0001-9999. A requested point keeps only whole microseconds (a finer fraction is cut, never rounded up).",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2}(:[0-9]{2})?)?)?)?$",
        "examples": ["2026-11-20T09:15:00Z", "2026-11-20 09:15:00.123456+00", "2026-11-20 09:15:00", "2026-11-20"]
      },
      "Error": {
        "type": "object", "required": ["error"],
        "properties": { "error": { "type": "string" }, "parameter": { "type": "string" }, "field": { "type": "string" }, "header": { "type": "string" } }
      },
      "Conflict": {
        "type": "object", "required": ["error", "conflicts"],
        "properties": {
          "error": { "type": "string" },
          "conflicts": { "type": "array", "items": { "type": "object", "required": ["line", "sample_id", "expected", "actual"], "properties": { "line": { "type": "integer" }, "sample_id": { "type": "string" }, "expected": { "type": "integer" }, "actual": { "type": "integer" }, "message": { "type": "string" } } } }
        }
      },
      "Refusal": {
        "type": "object", "required": ["error", "problems"],
        "properties": {
          "error": { "type": "string" },
          "problems": { "type": "array", "items": { "type": "object", "properties": { "line": { "type": "integer" }, "field": { "type": ["string", "null"] }, "message": { "type": "string" } } } }
        }
      },
      "AppendResult": {
        "type": "object",
        "properties": {
          "appended": { "type": "integer" }, "duplicates": { "type": "integer" },
          "first_seq": { "type": ["integer", "null"] }, "last_seq": { "type": ["integer", "null"] },
          "receipts": { "type": "array", "items": { "type": "object", "properties": {
            "seq": { "type": "integer", "description": "Where the event is stored; for a duplicate, where its event_id was first stored, forever." },
            "event_id": { "type": ["string", "null"] }, "duplicate": { "type": "boolean" } } } }
        }
      },
      "InputEvent": {
        "type": "object", "required": ["type", "sample_id", "occurred_at"],
        "description": "One line as `tslog append` takes it (docs/events.md): type, sample_id, occurred_at, event_id, the event's fields, and optionally expect_last_seq.",
        "properties": {
          "type": { "type": "string", "enum": ["sample.submitted", "nyckel.responded", "nyckel.resubmitted", "sample.relabeled", "sample.updated", "sample.deleted"] },
          "event_id": { "type": "string" }, "sample_id": { "type": "string", "format": "uuid" },
          "occurred_at": { "$ref": "#/components/schemas/Time" },
          "expect_last_seq": { "type": "integer", "minimum": 0, "description": "The seq of the last event about this sample must be this (0: none yet), else 409." }
        }
      },
      "SupabaseWebhook": {
        "type": "object", "required": ["type", "table", "record"],
        "properties": {
          "type": { "type": "string", "enum": ["INSERT", "UPDATE", "DELETE"] },
          "table": { "type": "string", "const": "training_samples" }, "schema": { "type": "string" },
          "record": { "type": ["object", "null"] }, "old_record": { "type": ["object", "null"] }
        }
      }
    }
  }
}

"""#
}
