/* global require, process */
// Preloaded (node --require) into a process under test: appends every host name it looks up and
// every address it connects to, one per line, to the file named by RECORD_CONNECTIONS_FILE, so a
// test can assert that nothing left the loopback range. It only observes (diagnostics channels).
const diagnostics = require("node:diagnostics_channel");
const fs = require("node:fs");
const file = process.env.RECORD_CONNECTIONS_FILE;
if (file) {
  diagnostics.subscribe("net.client.socket", ({ socket }) => {
    socket.on("lookup", (_err, _address, _family, host) => fs.appendFileSync(file, `lookup ${host}\n`));
    socket.on("connect", () => fs.appendFileSync(file, `connect ${socket.remoteAddress}\n`));
  });
}
