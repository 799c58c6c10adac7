// Reads Prometheus' text exposition format on stdin and prints the metric families as JSON, parsed by the
// parse-prometheus-text-format library (a parser this project did not write). Exits 1 on a parse error.
const parse = require('parse-prometheus-text-format');
let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { text += chunk; });
process.stdin.on('end', () => {
  try {
    process.stdout.write(JSON.stringify(parse(text)));
  } catch (e) {
    process.stderr.write('parse error: ' + e.message + '\n');
    process.exit(1);
  }
});
