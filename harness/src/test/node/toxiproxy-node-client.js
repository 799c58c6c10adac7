// Drives a Toxiproxy control API with the npm client toxiproxy-node-client, as a Node.js user of Toxiproxy would,
// and prints what each call returned as one JSON object on stdout (the Java test, ToxiproxyNodeClientTest, checks
// it and the proxies' effects). Usage: node toxiproxy-node-client.js CONTROL_URL UPSTREAM_HOST:PORT
// Exits 1 with the failed call's error on stderr.
const { Toxiproxy } = require("toxiproxy-node-client");

async function main(control, upstream) {
  const toxiproxy = new Toxiproxy(control);
  const seen = {};
  seen.version = await toxiproxy.getVersion();
  await toxiproxy.reset();

  const cdn = await toxiproxy.createProxy({ name: "cdn", listen: "127.0.0.1:0", upstream });
  seen.created = cdn.toJson();

  const cut = await cdn.addToxic({
    name: "cut", type: "limit_data", stream: "downstream", toxicity: 1, attributes: { bytes: 5 },
  });
  seen.added = cut.toJson();
  const updated = await cut.update({
    name: "cut", type: "limit_data", stream: "downstream", toxicity: 1, attributes: { bytes: 7 },
  });
  seen.updated = updated.toJson();

  const slow = await cdn.addToxic({
    name: "slow", type: "latency", stream: "upstream", toxicity: 0.5, attributes: { latency: 300, jitter: 10 },
  });
  seen.latency = (await cdn.getToxic("slow")).toJson();
  await slow.remove();
  seen.cutAfterRemove = (await cdn.getToxic("cut")).toJson();
  seen.slowAfterRemove = await failure(() => cdn.getToxic("slow"));

  const disabled = await cdn.update({ enabled: false, listen: cdn.listen, upstream });
  seen.disabled = disabled.toJson();
  seen.enabledAgain = (await disabled.update({ enabled: true, listen: cdn.listen, upstream })).toJson();

  const populated = await toxiproxy.populate([{ name: "origin", listen: "127.0.0.1:0", upstream }]);
  seen.populated = Object.keys(populated);
  seen.all = Object.keys(await toxiproxy.getAll()).sort();

  seen.unknownType = await failure(() => cdn.addToxic({
    name: "bogus", type: "no_such_toxic", stream: "downstream", toxicity: 1, attributes: {},
  }));
  seen.missingProxy = await failure(() => toxiproxy.get("no-such-proxy"));
  return seen;
}

/** The error a call that should fail failed with, as the client words it; "succeeded" if it did not fail. */
async function failure(call) {
  try {
    await call();
    return "succeeded";
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
}

main(process.argv[2], process.argv[3]).then(
  (seen) => process.stdout.write(JSON.stringify(seen) + "\n"),
  (e) => {
    process.stderr.write(`${e.name}: ${e.message}\n${e.stack}\n`);
    process.exit(1);
  },
);
