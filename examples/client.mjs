// A tslog client in plain JavaScript: fetch only, no packages (Node 18+, Deno, Bun, or a
// Next.js route handler). It appends a submission, retries the very same event and checks
// that the retry got the same receipt, then reads a query.
//
//   TSLOG_URL=http://127.0.0.1:8787 TSLOG_TOKEN=<a write token> node examples/client.mjs
//
// It prints one JSON line per step and exits 1 if the server does not answer as docs/http.md
// says. See docs/http.md for every endpoint.

import { randomUUID } from "node:crypto";

const base = process.env.TSLOG_URL ?? "http://127.0.0.1:8787";
const token = process.env.TSLOG_TOKEN;
if (!token) {
  console.error("set TSLOG_TOKEN to a write token (tslog serve prints where its token file is)");
  process.exit(2);
}
const auth = { Authorization: `Bearer ${token}` };

/** POSTs events as NDJSON; returns the HTTP status and the append result. */
async function append(...events) {
  const res = await fetch(`${base}/v1/events`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/x-ndjson" },
    body: events.map((event) => JSON.stringify(event)).join("\n") + "\n",
  });
  const body = await res.json();
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`POST /v1/events answered ${res.status}: ${JSON.stringify(body)}`);
  }
  return { status: res.status, seq: res.headers.get("x-tslog-seq"), body };
}

/** GETs a read endpoint as JSON. */
async function read(path) {
  const res = await fetch(`${base}${path}`, { headers: auth });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

function check(condition, message) {
  if (!condition) {
    console.error(`client.mjs: ${message}`);
    process.exit(1);
  }
}

const sampleId = randomUUID();
const submitted = {
  type: "sample.submitted",
  event_id: `submit-${sampleId}`, // derived from the sample: a retry is recognised as the same event
  sample_id: sampleId,
  occurred_at: new Date().toISOString(),
  image_url: `https://cdn.example/${sampleId}.jpg`,
  image_path: `training-data/${sampleId}.jpg`,
  label: "near_mint",
  label_type: "grade",
};

// 1. Append the submission.
const first = await append(submitted);
check(first.status === 201, `the first append answered ${first.status}, not 201`);
check(first.body.appended === 1 && first.body.receipts.length === 1, "the first append did not store one event");
const receipt = first.body.receipts[0];
console.log(JSON.stringify({ step: "append", status: first.status, receipt }));

// 2. Retry it, as a client does whose answer was lost: nothing is stored twice, and the receipt
//    names the seq where the event was first stored.
const retry = await append(submitted);
check(retry.status === 200, `the retry answered ${retry.status}, not 200`);
check(retry.body.appended === 0 && retry.body.duplicates === 1, "the retry stored something");
const again = retry.body.receipts[0];
check(again.duplicate === true, "the retry's receipt is not marked duplicate");
check(again.seq === receipt.seq && again.event_id === receipt.event_id, "the retry's receipt differs from the first");
console.log(JSON.stringify({ step: "retry", status: retry.status, receipt: again }));

// 3. Nyckel's answer for the same sample.
const answered = await append({
  type: "nyckel.responded",
  event_id: `nyckel-${sampleId}`,
  sample_id: sampleId,
  status: "accepted",
  nyckel_sample_id: `ns-${sampleId.slice(0, 8)}`,
});
check(answered.status === 201, `the Nyckel answer was not stored (${answered.status})`);

// 4. Read: the overall numbers, and the sample's history.
const overall = await read("/v1/query/overall");
check(Array.isArray(overall) || typeof overall === "object", "query overall is not JSON");
console.log(JSON.stringify({ step: "query", name: "overall", answer: overall }));
const history = await read(`/v1/samples/${sampleId}/history`);
console.log(JSON.stringify({ step: "history", events: Array.isArray(history) ? history.length : history }));
