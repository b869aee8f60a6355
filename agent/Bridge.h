#pragma once

// `tandem-agent bridge`: the SSH subsystem's end of the agent protocol. sshd runs it as the
// logged-in user; it relays stdin to the agent's local socket and the socket to stdout, byte
// for byte, so the agent learns that user from the socket's peer credentials.

namespace tandem::agent {

// The default config when the subsystem line names none.
inline constexpr auto kDefaultConfigPath = "/etc/tandem/agent.cfg";

// `arguments` are those after `bridge`. Returns the exit status: 0 when either side ended
// the stream, 1 when the socket cannot be reached or an I/O error ends the relay, 2 for a
// usage error; each failure is one line on stderr naming the socket.
int runBridge(int argc, char* argv[]);

} // namespace tandem::agent
