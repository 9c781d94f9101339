'use strict';
// Runs one scripted exchange against the reference server and against Roomcast, then
//  1. asserts the scenario's explicit expectations on the reference transcript (a test cannot pass when both are wrong),
//  2. compares the normalised transcripts (Roomcast must be indistinguishable from Node),
//  3. asserts the same expectations on Roomcast's transcript (clearer message for what placeholders might hide).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { beforeEach } = require('node:test');
const { targets } = require('./targets');
const { randomBytes } = require('node:crypto');
const { normalize, plain } = require('./normalize');

class Run {
  constructor(target) {
    this.url = target.url;
    this.name = target.name;
    this.transcript = {};
    this.cleanups = [];
  }

  /** Adds one named entry to the transcript (names must be unique within a scenario). */
  record(label, value) {
    if (label in this.transcript) throw new Error(`transcript label "${label}" recorded twice`);
    this.transcript[label] = plain(value);
    return value;
  }

  /**
   * A name unique to this run (prefix + 20 random url-safe chars, normalised to a placeholder), so rooms left
   * behind by an earlier scenario (server-side disconnects are asynchronous) cannot change room sizes.
   */
  unique(prefix) {
    return `${prefix}:${randomBytes(15).toString('base64').replace(/\+/g, 'x').replace(/\//g, 'y')}`;
  }

  /** Registers a resource to close when the scenario ends, whatever happens. */
  defer(closeable) {
    this.cleanups.push(typeof closeable === 'function' ? closeable : () => closeable.close());
    return closeable;
  }

  async cleanup() {
    for (const close of this.cleanups.reverse()) {
      try {
        await close();
      } catch {
        // closing an already broken connection is fine
      }
    }
  }
}

const SCENARIO_TIMEOUT_MS = 30_000; // every wait inside is bounded too; this only stops a runaway script

async function runOn(target, scenario) {
  const run = new Run(target);
  let timer;
  try {
    await Promise.race([
      scenario(run),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`scenario did not finish within ${SCENARIO_TIMEOUT_MS} ms`)), SCENARIO_TIMEOUT_MS);
      }),
    ]);
    return { transcript: run.transcript };
  } catch (error) {
    return { transcript: run.transcript, error };
  } finally {
    clearTimeout(timer);
    await run.cleanup();
  }
}

/**
 * @param scenario async (run) => void, records entries with run.record(label, value)
 * @param expectations (transcript, assert) => void, explicit checks on a raw transcript
 * @param variant which server pair: 'default' | 'jwt' | 'shortPing'
 */
async function differential(scenario, expectations, variant = 'default') {
  const [reference, roomcast] = await targets(variant);
  const [ref, ours] = await Promise.all([runOn(reference, scenario), runOn(roomcast, scenario)]);
  dump(ref.transcript, ours.transcript);
  if (ref.error) {
    ref.error.message = `reference server (${reference.url}) run failed, so the scenario itself is wrong: ${ref.error.message}`
      + `\ntranscript so far: ${JSON.stringify(ref.transcript).slice(0, 3000)}`;
    throw ref.error;
  }
  try {
    expectations(ref.transcript);
  } catch (error) {
    error.message = `expectation failed on the REFERENCE server (${reference.url}): ${error.message}`;
    throw error;
  }
  if (ours.error) {
    ours.error.message = `roomcast (${roomcast.url}) run failed: ${ours.error.message}`
      + `\nroomcast transcript so far: ${JSON.stringify(ours.transcript).slice(0, 3000)}`
      + `\nreference transcript: ${JSON.stringify(ref.transcript).slice(0, 3000)}`;
    throw ours.error;
  }
  assert.deepStrictEqual(normalize(ours.transcript), normalize(ref.transcript),
    `roomcast (${roomcast.url}) differs from the Node reference (${reference.url}) [actual = roomcast, expected = reference]`);
  try {
    expectations(ours.transcript);
  } catch (error) {
    error.message = `expectation failed on ROOMCAST (${roomcast.url}): ${error.message}`;
    throw error;
  }
}

// The running test's name, for dump file names (node:test runs the tests of a file one after another).
let currentTest = 'scenario';
beforeEach((t) => {
  currentTest = t.fullName ?? t.name;
});

/** With CONFORMANCE_DUMP=<dir>, writes both transcripts of every scenario there (to read Node's exact bytes). */
function dump(reference, roomcast) {
  const dir = process.env.CONFORMANCE_DUMP;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const name = currentTest.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 150);
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ reference, roomcast }, null, 1)}\n`);
}

module.exports = { differential };
