#pragma once

// The `tandem` subsystem of a device's OpenSSH server, through libssh. The SSH session runs in
// its own thread: libssh blocks (connecting, key exchange, authentication), the owner's thread
// never does. Bytes cross between the threads as queued signals and a locked outgoing buffer.
//
// Host keys are checked against a known_hosts file in OpenSSH's format: a known key goes on,
// a changed one is refused without asking, an unknown one goes to the host-key decision (on
// the owner's thread) and, accepted, is appended to the file. Authentication tries the key
// file, then ssh-agent, then the password, as the endpoint configures them.

#include "AgentClient.h"
#include "Transport.h"

namespace tandem::client {

class SshSession;

class SshTransport final : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshTransport)

public:
    SshTransport(const Endpoint& endpoint, AgentClient::HostKeyDecision decision,
                 QObject* parent = nullptr);
    ~SshTransport() override;

    void open() override;
    void write(const QByteArray& bytes) override;
    void close() override;

    // An idle session sends an SSH_MSG_IGNORE this often; the socket gives up when what it
    // sent stays unacknowledged for kDeadPeerSeconds, so a peer that vanished is noticed.
    static constexpr int kKeepaliveSeconds = 15;
    static constexpr int kDeadPeerSeconds = 45;
    // Connecting, and every blocking SSH exchange, gives up after this long.
    static constexpr int kTimeoutSeconds = 10;

private:
    void onHostKeyQuestion(const QString& fingerprint);

    Endpoint m_endpoint;
    AgentClient::HostKeyDecision m_decision;
    SshSession* m_session = nullptr;
    bool m_ended = false; // the session ended (closed was emitted); its thread may still run
};

} // namespace tandem::client
