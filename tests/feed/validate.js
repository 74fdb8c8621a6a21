// SPDX-License-Identifier: MIT
// Validates a JSON document against a JSON Schema (draft 2020-12) with Ajv,
// offline. Usage: node validate.js SCHEMA DATA [REFERENCED-SCHEMA...]
// DATA may hold an array of documents when SCHEMA describes one item: pass
// --each to validate every element.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats");

const args = process.argv.slice(2);
const each = args[0] === "--each";
if (each) args.shift();
const [schemaFile, dataFile, ...refs] = args;
const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const r of refs) ajv.addSchema(read(r));
const validate = ajv.compile(read(schemaFile));
const data = read(dataFile);
const docs = each ? data : [data];
if (each && (!Array.isArray(data) || data.length === 0)) {
  console.error(`${dataFile}: expected a non-empty array`);
  process.exit(1);
}
let bad = 0;
docs.forEach((d, i) => {
  if (!validate(d)) {
    bad++;
    console.error(`${dataFile}${each ? `[${i}]` : ""}: invalid against ${schemaFile}:`);
    console.error(JSON.stringify(validate.errors, null, 1));
  }
});
if (bad) process.exit(1);
console.log(`${dataFile}: ${docs.length} valid against ${schemaFile}`);
