// The least a Node program does to say it is ready: the baseline of bench:start.
process.stdout.write("ready\n");
globalThis.setInterval(() => undefined, 60_000);
